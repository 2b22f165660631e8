# A configuration for a bucket managed elsewhere, with no default algorithm: judged on its own.
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = var.bucket_name

  rule {
    bucket_key_enabled = true
  }
}
