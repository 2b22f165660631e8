resource "aws_lambda_permission" "schedule" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  principal     = "events.amazonaws.com"
  source_arn    = var.schedule_rule_arn
}

resource "aws_lambda_permission" "uploads" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = var.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::example-uploads"
  source_account = "111122223333"
}

# A wildcard principal narrowed to the organisation.
resource "aws_lambda_permission" "organisation" {
  statement_id     = "AllowOrganisation"
  action           = "lambda:InvokeFunction"
  function_name    = var.function_name
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5"
}
