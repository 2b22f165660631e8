# Service-wide actions scoped to one bucket, read-only wildcards on every resource, and a Deny.
resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}

resource "aws_iam_policy" "exporter" {
  name = "exporter"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = var.exports_key_arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ListAllMyBuckets", "iam:Get*", "iam:List*"]
        Resource = "*"
      },
      {
        Effect   = "Deny"
        Action   = "iam:*"
        Resource = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.database_secret_arn]
  }
}

resource "aws_iam_role_policy" "reader" {
  name   = "reader"
  role   = var.reader_role_name
  policy = data.aws_iam_policy_document.reader.json
}
