resource "aws_s3_bucket" "protected" {
  bucket = "example-protected"
}

resource "aws_s3_bucket_public_access_block" "protected" {
  bucket                  = aws_s3_bucket.protected.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# The ACL of the legacy bucket (created long ago, outside this configuration, ACLs enabled, no Block Public Access).
resource "aws_s3_bucket_acl" "legacy" {
  bucket = coalesce("example-legacy-exports", aws_s3_bucket.protected.id)
  acl    = "public-read"
}
