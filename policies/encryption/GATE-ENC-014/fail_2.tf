# A customer managed key type without a key: no key protects the buffer.
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
  }

  extended_s3_configuration {
    role_arn   = var.firehose_role_arn
    bucket_arn = var.archive_bucket_arn
  }
}
