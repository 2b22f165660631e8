# jsonencode: a managed policy that can read and rewrite every bucket, and a role whose inline policy can
# decrypt with every KMS key in the account.
resource "aws_iam_policy" "data_mover" {
  name = "data-mover"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role" "decryptor" {
  name = "decryptor"
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
    name = "keys"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["kms:*"]
          Resource = ["*"]
        },
      ]
    })
  }
}
