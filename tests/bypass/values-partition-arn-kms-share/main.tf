data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

# The ARN style AWS and terraform-aws-modules recommend: the partition is read, the account is written out.
resource "aws_kms_key" "shared" {
  description = "orders backups"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Owner"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Partner"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::210987654321:root" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::210987654321:root"]
    }
  }
}

resource "aws_iam_role" "vendor" {
  name               = "vendor"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
