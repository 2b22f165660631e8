# A public access block that leaves settings off, attached by reference and by bucket name.
resource "aws_s3_bucket" "site" {
  bucket = "example-site"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket = aws_s3_bucket.site.id

  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"
}

resource "aws_s3_bucket_public_access_block" "legacy" {
  bucket = "example-legacy"

  block_public_acls  = true
  ignore_public_acls = true
}
