# Unset: the queue gets SSE-SQS by default.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue" "payments" {
  name                              = "payments"
  kms_master_key_id                 = aws_kms_key.payments.arn
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_kms_key" "payments" {
  description         = "Payments queue"
  enable_key_rotation = true
}
