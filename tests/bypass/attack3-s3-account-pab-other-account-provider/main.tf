provider "aws" {
  region = "us-east-1"
}

# A second account (the sandbox), reached by assuming a role in it.
provider "aws" {
  alias  = "sandbox"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform"
  }
}

# Block Public Access for the *sandbox* account only.
resource "aws_s3_account_public_access_block" "sandbox" {
  provider                = aws.sandbox
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# The bucket lives in the default provider's account, which has no account-level block.
resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
}

resource "aws_s3_bucket_ownership_controls" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "data" {
  depends_on = [aws_s3_bucket_ownership_controls.data]
  bucket     = aws_s3_bucket.data.id
  acl        = "public-read-write"
}
