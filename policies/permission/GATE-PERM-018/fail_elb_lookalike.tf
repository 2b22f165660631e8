# The same log-delivery policy naming an account that is not one AWS documents as its Elastic Load Balancing
# account (one digit off us-east-1's 127311923021): a foreign account, which stays critical until a person adds it
# to approved_accounts in the trusted configuration.
resource "aws_s3_bucket" "lb_logs" {
  bucket = "example-lb-logs"
}

resource "aws_s3_bucket_policy" "lb_logs" {
  bucket = aws_s3_bucket.lb_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::127311923022:root" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.lb_logs.arn}/AWSLogs/*"
      },
    ]
  })
}
