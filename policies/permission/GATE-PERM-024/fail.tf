resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy" "alice_reports" {
  name = "reports"
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-reports/*" }]
  })
}

resource "aws_iam_user_policy_attachment" "alice_readonly" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "billing" {
  name       = "billing"
  users      = [aws_iam_user.alice.name]
  groups     = [var.finance_group_name]
  policy_arn = "arn:aws:iam::aws:policy/job-function/Billing"
}
