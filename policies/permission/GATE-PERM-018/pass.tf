data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}

# This account (through aws_caller_identity) and a service principal; a Deny naming anyone is not a grant.
resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/reporting" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.exports.arn}/*"
      },
      {
        Effect    = "Allow"
        Principal = { Service = "logging.s3.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.exports.arn}/logs/*"
      },
      {
        Effect    = "Deny"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "s3:*"
        Resource  = ["${aws_s3_bucket.exports.arn}/*"]
      },
    ]
  })
}
