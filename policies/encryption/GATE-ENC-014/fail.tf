variable "firehose_role_arn" {
  type = string
}

variable "archive_bucket_arn" {
  type = string
}

resource "aws_kinesis_firehose_delivery_stream" "audit" {
  name        = "audit"
  destination = "extended_s3"

  extended_s3_configuration {
    role_arn   = var.firehose_role_arn
    bucket_arn = var.archive_bucket_arn
  }
}

resource "aws_kinesis_firehose_delivery_stream" "metrics" {
  name        = "metrics"
  destination = "extended_s3"

  server_side_encryption {
    enabled = false
  }

  extended_s3_configuration {
    role_arn   = var.firehose_role_arn
    bucket_arn = var.archive_bucket_arn
  }
}
