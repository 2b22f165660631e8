variable "firehose_role_arn" {
  type = string
}

variable "archive_bucket_arn" {
  type = string
}

resource "aws_kinesis_firehose_delivery_stream" "audit" {
  name        = "audit"
  destination = "extended_s3"

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = aws_kms_key.audit.arn
  }

  extended_s3_configuration {
    role_arn   = var.firehose_role_arn
    bucket_arn = var.archive_bucket_arn
  }
}

resource "aws_kinesis_firehose_delivery_stream" "metrics" {
  name        = "metrics"
  destination = "extended_s3"

  server_side_encryption {
    enabled = true
  }

  extended_s3_configuration {
    role_arn   = var.firehose_role_arn
    bucket_arn = var.archive_bucket_arn
  }
}

# reads from a Kinesis data stream: the data rests (encrypted) in the stream
resource "aws_kinesis_firehose_delivery_stream" "clicks" {
  name        = "clicks"
  destination = "extended_s3"

  kinesis_source_configuration {
    kinesis_stream_arn = aws_kinesis_stream.clicks.arn
    role_arn           = var.firehose_role_arn
  }

  extended_s3_configuration {
    role_arn   = var.firehose_role_arn
    bucket_arn = var.archive_bucket_arn
  }
}

resource "aws_kinesis_stream" "clicks" {
  name            = "clicks"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}

resource "aws_kms_key" "audit" {
  description         = "Audit delivery stream"
  enable_key_rotation = true
}
