# A public-read object in a bucket whose public access block ignores public ACLs: S3 does not honour it.
resource "aws_s3_bucket" "exports" {
  bucket = "acme-exports"
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = false
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_object" "report" {
  bucket = aws_s3_bucket.exports.id
  key    = "report.csv"
  source = "report.csv"
  acl    = "public-read"
}

# A private object in a bucket this configuration does not manage.
resource "aws_s3_object" "readme" {
  bucket = "shared-docs"
  key    = "README.md"
  source = "README.md"
  acl    = "private"
}
