resource "aws_lambda_function_url" "public" {
  function_name      = "report"
  authorization_type = "NONE"
}
