# The gate's example driver runs with no approved accounts, so any literal account id is unapproved here.
# A cross-account trust without conditions, in jsonencode.
resource "aws_iam_role" "vendor" {
  name = "vendor-access"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
      },
    ]
  })
}

# An ExternalId narrows who may use the trust, but the account is still not an approved one.
data "aws_iam_policy_document" "auditor_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::777788889999:role/auditor", "123456789012"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["a-shared-secret"]
    }
  }
}

resource "aws_iam_role" "auditor" {
  name               = "auditor"
  assume_role_policy = data.aws_iam_policy_document.auditor_trust.json
}
