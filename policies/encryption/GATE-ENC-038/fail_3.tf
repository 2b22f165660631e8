# "aws:SecureTransport": "false" appears, but in an Allow; the Deny refuses requests over TLS instead of plain
# HTTP, so nothing refuses plain HTTP.
resource "aws_s3_bucket" "archive" {
  bucket = "archive-123456789012"
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::archive-123456789012", "arn:aws:s3:::archive-123456789012/*"]
        Condition = { Bool = { "aws:SecureTransport" = "true" } }
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:role/reader" }
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::archive-123456789012/*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
