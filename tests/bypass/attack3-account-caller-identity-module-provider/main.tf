provider "aws" {
  region = "us-east-1"
}

# A provider configuration in another account (999988887777), through a role that trusts the pipeline.
provider "aws" {
  alias  = "partner"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::999988887777:role/read-only"
  }
}

# Inside the module, the default "aws" provider *is* aws.partner.
module "partner" {
  source    = "./modules/partner"
  providers = { aws = aws.partner }
}

resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${module.partner.account_id}:root" }
        Action    = "s3:*"
        Resource  = ["${aws_s3_bucket.data.arn}", "${aws_s3_bucket.data.arn}/*"]
      },
    ]
  })
}
