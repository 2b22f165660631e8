# AWS managed policies that grant no IAM escalation action: PowerUserAccess excludes iam:* (NotAction), and
# ReadOnlyAccess reads only.
resource "aws_iam_role_policy_attachment" "power" {
  role       = "dev"
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = "dev"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
