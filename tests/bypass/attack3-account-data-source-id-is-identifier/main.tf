# "Parse" the partner's ARN (to check it is well formed) and use the parsed result.
data "aws_arn" "partner" {
  arn = "arn:aws:iam::999988887777:root"
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
        Principal = { AWS = data.aws_arn.partner.id }
        Action    = "s3:*"
        Resource  = ["${aws_s3_bucket.data.arn}", "${aws_s3_bucket.data.arn}/*"]
      },
    ]
  })
}
