# The public access block attached by bucket name, for buckets made with for_each.
locals {
  buckets = ["example-raw", "example-curated"]
}

resource "aws_s3_bucket" "lake" {
  for_each = toset(local.buckets)
  bucket   = each.value
}

resource "aws_s3_bucket_public_access_block" "lake" {
  for_each = toset(local.buckets)
  bucket   = each.value

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
