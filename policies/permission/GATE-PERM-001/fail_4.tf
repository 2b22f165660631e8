resource "aws_s3_bucket" "exports" {
  bucket = "acme-customer-exports"
}

resource "aws_s3_bucket_ownership_controls" "exports" {
  bucket = aws_s3_bucket.exports.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_object" "customers" {
  bucket     = aws_s3_bucket.exports.id
  key        = "customers.csv"
  source     = "customers.csv"
  acl        = "public-read"
  depends_on = [aws_s3_bucket_ownership_controls.exports, aws_s3_bucket_public_access_block.exports]
}
