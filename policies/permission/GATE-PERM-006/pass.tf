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
        Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
      },
      {
        # a Deny of everything is not a grant
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          StringNotEquals = { "aws:RequestedRegion" = ["eu-west-1"] }
        }
      },
    ]
  })
}

resource "aws_ssoadmin_permission_set_inline_policy" "logs" {
  instance_arn       = var.sso_instance_arn
  permission_set_arn = var.permission_set_arn
  inline_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:DescribeLogStreams"]
        Resource = "arn:aws:logs:*:*:*"
      },
    ]
  })
}
