# The policy it may version and the role whose policy it may write are named; reading IAM on `*` escalates nothing.
resource "aws_iam_policy" "app" {
  name   = "app"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::app/*" }] })
}

resource "aws_iam_policy" "policy_admin" {
  name = "policy-admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:CreatePolicyVersion", Resource = aws_iam_policy.app.arn },
      { Effect = "Allow", Action = ["iam:Get*", "iam:List*"], Resource = "*" },
    ]
  })
}
