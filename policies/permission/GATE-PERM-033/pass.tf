resource "aws_lambda_function_url" "signed" {
  function_name      = "report"
  authorization_type = "AWS_IAM"
}
