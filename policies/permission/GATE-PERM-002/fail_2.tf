# The policy from an aws_iam_policy_document, with the principal written as AWS = "*".
resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads"
}

data "aws_iam_policy_document" "uploads" {
  statement {
    sid       = "AnyoneCanUpload"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.uploads.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = data.aws_iam_policy_document.uploads.json
}
