# What the command would have done, as a resource the plan and the gate judge.
resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = "{}"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_iam_role_policy_attachment" "ci" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
