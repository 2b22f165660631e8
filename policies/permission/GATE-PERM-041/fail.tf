# A new default version of any managed policy, and a rewrite of any role's trust policy, on every resource.
resource "aws_iam_policy" "policy_admin" {
  name = "policy-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:CreatePolicyVersion", "iam:ListPolicies"], Resource = "*" }]
  })
}

resource "aws_iam_user_policy" "ops" {
  name = "ops"
  user = var.user_name
  policy = <<-EOF
  {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "iam:updateassumerolepolicy", "Resource": "*"}]
  }
  EOF
}
