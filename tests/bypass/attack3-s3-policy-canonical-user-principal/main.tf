resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
}

# The partner's canonical user id (the id S3 gives every AWS account).
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { CanonicalUser = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::example-customer-data", "arn:aws:s3:::example-customer-data/*"]
      },
    ]
  })
}
