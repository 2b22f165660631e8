# block_public_acls alone does not neutralise a public ACL: it refuses new ones, but "enabling this setting
# doesn't affect existing policies or ACLs", and nothing orders the block before the ACL (or the bucket's own acl,
# set when the bucket is created).
# https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html
resource "aws_s3_bucket" "site" {
  bucket = "example-site"
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  ignore_public_acls      = false
  block_public_policy     = true
  restrict_public_buckets = true
}
