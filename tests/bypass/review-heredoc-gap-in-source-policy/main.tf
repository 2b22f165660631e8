resource "aws_s3_bucket" "data" {
  bucket = "data"
}

data "aws_iam_policy_document" "base" {
  source_policy_documents = [<<EOT
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "${provider::aws::arn_build("aws", "iam", "", "*", "root")}"},
    "Action": "s3:GetObject",
    "Resource": "${aws_s3_bucket.data.arn}/*"
  }]
}
EOT
  ]
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.base.json
}
