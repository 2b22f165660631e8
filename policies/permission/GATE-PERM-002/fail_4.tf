# Heredoc JSON on aws_s3_bucket_policy, interpolating the bucket ARN (the usual way it is written): the
# principal, the effect and the missing condition are all literal, so the statement is public before apply.
resource "aws_s3_bucket" "media" {
  bucket = "example-media"
}

resource "aws_s3_bucket_policy" "media" {
  bucket = aws_s3_bucket.media.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PublicRead",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "${aws_s3_bucket.media.arn}/*"
    }
  ]
}
POLICY
}
