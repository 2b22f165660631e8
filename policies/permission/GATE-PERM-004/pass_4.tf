# A block for a bucket created elsewhere (its name comes from a variable): judged on its own.
resource "aws_s3_bucket_public_access_block" "imported" {
  bucket = var.imported_bucket_name

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
