data "aws_caller_identity" "current" {}

# The default key policy shape, plus the AWS-style wildcard narrowed to one account and one service.
resource "aws_kms_key" "data" {
  description = "data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIamPolicies"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "UseThroughS3"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = data.aws_caller_identity.current.account_id
            "kms:ViaService"    = "s3.eu-west-1.amazonaws.com"
          }
        }
      },
    ]
  })
}

# No policy: AWS applies the default key policy (the account root).
resource "aws_kms_key" "default_policy" {
  description = "default policy"
}
