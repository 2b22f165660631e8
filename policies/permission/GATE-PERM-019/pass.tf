data "aws_caller_identity" "current" {}

resource "aws_kms_key" "backups" {
  description = "backups"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Backup"
        Effect    = "Allow"
        Principal = { Service = "backup.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_iam_role" "restore" {
  name               = "restore"
  assume_role_policy = var.restore_trust_policy
}

resource "aws_kms_grant" "restore" {
  name              = "restore"
  key_id            = aws_kms_key.backups.key_id
  grantee_principal = aws_iam_role.restore.arn
  operations        = ["Decrypt", "DescribeKey"]
}
