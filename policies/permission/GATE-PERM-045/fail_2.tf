# The legacy grant block of aws_s3_bucket, to another account's canonical user id.
resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
  grant {
    id          = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    type        = "CanonicalUser"
    permissions = ["READ"]
  }
}
