# A configuration for a bucket managed elsewhere: judged on its own.
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = var.bucket_name

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
