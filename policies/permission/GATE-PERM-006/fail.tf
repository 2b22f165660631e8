# jsonencode: every action on one bucket (including PutBucketPolicy and DeleteBucket).
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
      },
    ]
  })
}

# An IAM Identity Center permission set whose inline policy allows every action on every log group.
resource "aws_ssoadmin_permission_set_inline_policy" "logs" {
  instance_arn       = var.sso_instance_arn
  permission_set_arn = var.permission_set_arn
  inline_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["*"]
        Resource = "arn:aws:logs:*:*:*"
      },
    ]
  })
}
