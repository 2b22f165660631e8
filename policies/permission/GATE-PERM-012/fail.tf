resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  principal     = "*"
}

# A public function URL: no authentication and no narrowing.
resource "aws_lambda_function_url" "hook" {
  function_name      = var.webhook_function_name
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "hook_url" {
  statement_id           = "AllowPublicUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = var.webhook_function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}
