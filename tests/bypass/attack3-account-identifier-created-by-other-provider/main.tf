provider "aws" {
  region = "us-east-1"
}

# The author's account (999988887777), through a role that trusts the pipeline.
provider "aws" {
  alias  = "partner"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::999988887777:role/terraform"
  }
}

# A role created in the partner account (for its EC2 instances): its ARN is arn:aws:iam::999988887777:role/reader.
resource "aws_iam_role" "reader" {
  provider = aws.partner
  name     = "reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
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
        Principal = { AWS = aws_iam_role.reader.arn }
        Action    = "s3:*"
        Resource  = ["${aws_s3_bucket.data.arn}", "${aws_s3_bucket.data.arn}/*"]
      },
    ]
  })
}
