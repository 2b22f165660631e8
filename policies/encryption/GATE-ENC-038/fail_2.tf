# A bucket policy whose only deny restricts source IPs, and an allow conditioned on TLS (which does not stop
# requests that IAM identity policies allow over HTTP).
resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OfficeOnly",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::example-exports", "arn:aws:s3:::example-exports/*"],
      "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    },
    {
      "Sid": "ReadOverTls",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-exports/*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    }
  ]
}
EOT
}
