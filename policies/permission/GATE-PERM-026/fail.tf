# Settings left out default to false: block_public_policy and restrict_public_buckets are off here.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls  = true
  ignore_public_acls = true
}
