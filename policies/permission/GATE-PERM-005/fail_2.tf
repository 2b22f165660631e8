# aws_iam_policy_document on a role policy (iam:* lets the role grant itself anything), and a heredoc on a
# group policy that reads every secret.
data "aws_iam_policy_document" "provisioner" {
  statement {
    sid       = "ManageIam"
    actions   = ["iam:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "provisioner" {
  name   = "provisioner"
  role   = var.provisioner_role_name
  policy = data.aws_iam_policy_document.provisioner.json
}

resource "aws_iam_group" "operators" {
  name = "operators"
}

resource "aws_iam_group_policy" "operators" {
  name  = "secrets"
  group = aws_iam_group.operators.name
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["secretsmanager:*", "logs:CreateLogGroup"],
      "Resource": "*"
    }
  ]
}
EOT
}
