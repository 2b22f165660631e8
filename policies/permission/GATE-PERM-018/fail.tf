# The example driver runs with no approved accounts: every literal account id below is unapproved.
resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PartnerRead"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
      },
    ]
  })
}

# From an aws_iam_policy_document, a role in another account, and a bare account id.
data "aws_iam_policy_document" "drop" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::example-drop/*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::777788889999:role/uploader", "123456789012"]
    }
  }
}

resource "aws_s3_bucket_policy" "drop" {
  bucket = "example-drop"
  policy = data.aws_iam_policy_document.drop.json
}
