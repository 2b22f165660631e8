# The principal only *mentions* the ELB service account data source: Terraform evaluates the conditional to the
# literal foreign account 999988887777 (the data source's id is never empty), which gets s3:* on the bucket.
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
        Principal = { AWS = data.aws_elb_service_account.main.id != "" ? "arn:aws:iam::999988887777:root" : data.aws_elb_service_account.main.arn }
        Action    = "s3:*"
        Resource  = ["${aws_s3_bucket.data.arn}", "${aws_s3_bucket.data.arn}/*"]
      },
    ]
  })
}
