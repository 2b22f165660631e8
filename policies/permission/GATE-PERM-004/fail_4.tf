# A block for a bucket created elsewhere, judged on its own: ignore_public_acls and restrict_public_buckets
# default to false.
resource "aws_s3_bucket_public_access_block" "imported" {
  bucket = var.imported_bucket_name

  block_public_acls   = true
  block_public_policy = true
}
