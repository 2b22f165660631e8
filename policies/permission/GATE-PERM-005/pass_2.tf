# ReadOnlyAccess grants no service-wide wildcard; a customer managed policy is judged where it is written.
resource "aws_iam_role_policy_attachment" "read" {
  role       = "dev"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "own" {
  role       = "dev"
  policy_arn = "arn:aws:iam::123456789012:policy/deploy"
}
