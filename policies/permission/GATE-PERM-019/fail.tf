# The example driver runs with no approved accounts: every literal account id below is unapproved.
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
        Sid       = "PartnerDecrypt"
        Effect    = "Allow"
        Principal = { AWS = ["arn:aws:iam::444455556666:root"] }
        Action    = ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"]
        Resource  = "*"
      },
    ]
  })
}

# A grant to a role in another account.
resource "aws_kms_key" "data" {
  description = "data"
}

resource "aws_kms_grant" "partner" {
  name              = "partner"
  key_id            = aws_kms_key.data.key_id
  grantee_principal = "arn:aws:iam::777788889999:role/restore"
  operations        = ["Decrypt", "DescribeKey"]
}
