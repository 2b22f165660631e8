# Provider v4/v5 style: the ACL is a separate resource attached to the bucket.
resource "aws_s3_bucket" "downloads" {
  bucket = "example-public-downloads"
}

resource "aws_s3_bucket_ownership_controls" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "downloads" {
  depends_on = [aws_s3_bucket_ownership_controls.downloads]

  bucket = aws_s3_bucket.downloads.id
  acl    = "public-read"
}

resource "aws_s3_bucket" "partner_drop" {
  bucket = "example-partner-drop"
}

data "aws_canonical_user_id" "current" {}

resource "aws_s3_bucket_acl" "partner_drop" {
  bucket = aws_s3_bucket.partner_drop.id

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
      }
      permission = "WRITE"
    }

    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}
