# The legacy inline block, and a configuration attached by bucket name to buckets made with for_each.
resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = var.bucket_key_arn
      }
    }
  }
}

resource "aws_s3_bucket" "lake" {
  for_each = toset(["example-raw", "example-curated"])
  bucket   = each.value
}

resource "aws_s3_bucket_server_side_encryption_configuration" "lake" {
  for_each = toset(["example-raw", "example-curated"])
  bucket   = each.value

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

variable "bucket_key_arn" {
  type = string
}
