# An account-level block that is itself incomplete (GATE-PERM-026) does not stand for the bucket's own.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls  = true
  ignore_public_acls = true
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}
