# Trusts that name no account outside approved_accounts: this account (through aws_caller_identity) and services.
data "aws_caller_identity" "current" {}

resource "aws_iam_role" "admin" {
  name = "admin"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Condition = {
          Bool = { "aws:MultiFactorAuthPresent" = "true" }
        }
      },
    ]
  })
}

resource "aws_iam_role" "lambda" {
  name = "lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }
      },
    ]
  })
}
