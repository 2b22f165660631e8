resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_group" "analysts" {
  name = "analysts"
}

resource "aws_iam_group_policy_attachment" "analysts_readonly" {
  group      = aws_iam_group.analysts.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.analysts.name]
}

resource "aws_iam_policy_attachment" "billing" {
  name       = "billing"
  groups     = [aws_iam_group.analysts.name]
  roles      = [var.finance_role_name]
  policy_arn = "arn:aws:iam::aws:policy/job-function/Billing"
}
