# An IAM Identity Center permission set whose inline policy allows everything.
resource "aws_ssoadmin_permission_set" "platform" {
  name         = "Platform"
  instance_arn = var.sso_instance_arn
}

resource "aws_ssoadmin_permission_set_inline_policy" "platform" {
  instance_arn       = var.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.platform.arn
  inline_policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}
  ]
}
POLICY
}
