# The provider local name "aws" is bound to a provider the pull request publishes: its
# aws_elb_service_account data source returns whatever account the author wants.
terraform {
  required_providers {
    aws = {
      source  = "example-corp/aws"
      version = "6.0.0"
    }
  }
}

data "aws_elb_service_account" "main" {}

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
        Principal = { AWS = data.aws_elb_service_account.main.arn }
        Action    = "s3:*"
        Resource  = ["${aws_s3_bucket.data.arn}", "${aws_s3_bucket.data.arn}/*"]
      },
    ]
  })
}
