# SNS may invoke the function for any topic of any account.
resource "aws_lambda_permission" "from_sns" {
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  function_name = "alerts"
  principal     = "sns.amazonaws.com"
}
