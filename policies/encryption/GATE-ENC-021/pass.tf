resource "aws_cloudwatch_log_group" "api" {
  name              = "/app/api"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_kms_key" "logs" {
  description         = "Application logs"
  enable_key_rotation = true
}
