# A configuration whose rule sets only the bucket key, with no default algorithm: the finding is on the rule.
resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.bucket

  rule {
    bucket_key_enabled = true
  }
}
