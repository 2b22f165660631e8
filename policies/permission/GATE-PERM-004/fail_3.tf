# Buckets and their public access blocks made with for_each, each block referring to its own bucket instance.
# The "site" bucket's block lets public policies through, so aws_s3_bucket.buckets["site"] fails.
locals {
  buckets = {
    logs = { public = false }
    site = { public = true }
  }
}

resource "aws_s3_bucket" "buckets" {
  for_each = local.buckets
  bucket   = "example-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "buckets" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.buckets[each.key].id

  block_public_acls       = true
  block_public_policy     = !each.value.public
  ignore_public_acls      = true
  restrict_public_buckets = !each.value.public
}
