# Legacy style: a private canned ACL and a grant to a named account, on the bucket itself.
resource "aws_s3_bucket" "archive" {
  bucket = "example-archive"
  acl    = "private"
}

resource "aws_s3_bucket" "shared" {
  bucket = "example-shared"

  grant {
    id          = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    type        = "CanonicalUser"
    permissions = ["READ", "WRITE"]
  }
}
