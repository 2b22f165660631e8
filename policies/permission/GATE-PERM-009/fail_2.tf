# On the role itself, on a legacy aws_iam_policy_attachment, and on an IAM Identity Center permission set.
resource "aws_iam_role" "ops" {
  name                = "ops"
  assume_role_policy  = var.ops_trust_policy
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_policy_attachment" "admins" {
  name       = "admins"
  users      = [var.admin_user_name]
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_ssoadmin_managed_policy_attachment" "platform" {
  instance_arn       = var.sso_instance_arn
  permission_set_arn = var.platform_permission_set_arn
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
