# jsonencode, scoped: a managed policy, and a role with a scoped inline policy.
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_iam_policy" "reports_reader" {
  name = "reports-reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
      },
      {
        # every action, but only on this bucket
        Effect   = "Allow"
        Action   = "*"
        Resource = aws_s3_bucket.reports.arn
      },
      {
        # read-only describe calls on every resource
        Effect   = "Allow"
        Action   = ["ec2:Describe*", "cloudwatch:Get*"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role" "reporter" {
  name = "reporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "lambda.amazonaws.com" }
      },
    ]
  })

  inline_policy {
    name = "logs"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "arn:aws:logs:*:*:log-group:/aws/lambda/reporter:*"
        },
      ]
    })
  }
}
