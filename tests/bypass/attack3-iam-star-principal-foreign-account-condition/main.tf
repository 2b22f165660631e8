resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
}

# Everyone, "restricted" to the callers of one account: the author's.
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::example-customer-data", "arn:aws:s3:::example-customer-data/*"]
        Condition = {
          StringEquals = { "aws:PrincipalAccount" = "999988887777" }
        }
      },
    ]
  })
}
