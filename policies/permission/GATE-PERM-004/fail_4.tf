# A block for a bucket created elsewhere, judged on its own: ignore_public_acls and restrict_public_buckets
# default to false.
resource "aws_s3_bucket_public_access_block" "imported" {
  bucket = var.imported_bucket_name

  block_public_acls   = true
  block_public_policy = true
}

# An account-level block that is itself incomplete does not cover the bucket.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls  = true
  ignore_public_acls = true
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}
