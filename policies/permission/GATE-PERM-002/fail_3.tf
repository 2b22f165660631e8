# Legacy style (provider v3, still accepted by v4/v5): the policy written on the bucket itself, as a heredoc.
resource "aws_s3_bucket" "downloads" {
  bucket = "example-downloads"

  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:aws:s3:::example-downloads",
        "arn:aws:s3:::example-downloads/*"
      ]
    }
  ]
}
POLICY
}
