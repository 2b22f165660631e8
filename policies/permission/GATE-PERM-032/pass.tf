resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_lambda_permission" "from_sns" {
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  function_name = "alerts"
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.alerts.arn
}

resource "aws_lambda_permission" "from_s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = "thumbnails"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads-123456789012"
  source_account = "123456789012"
}

# An account principal is not a service: GATE-PERM-020 judges the account.
resource "aws_lambda_permission" "from_account" {
  statement_id  = "AllowAccount"
  action        = "lambda:InvokeFunction"
  function_name = "alerts"
  principal     = "123456789012"
}
