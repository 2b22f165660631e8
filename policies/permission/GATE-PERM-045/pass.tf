data "aws_canonical_user_id" "current" {}

resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
}

# The owner's own canonical id, and the log delivery group: no other account.
resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  access_control_policy {
    grant {
      grantee {
        id   = data.aws_canonical_user_id.current.id
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }
    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}

# ACLs disabled: the grant has no effect.
resource "aws_s3_bucket" "enforced" {
  bucket = "example-enforced"
  grant {
    id          = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    type        = "CanonicalUser"
    permissions = ["READ"]
  }
}

resource "aws_s3_bucket_ownership_controls" "enforced" {
  bucket = aws_s3_bucket.enforced.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
