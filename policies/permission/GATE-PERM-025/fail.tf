resource "aws_iam_user" "ci" {
  name = "ci"
}

# status defaults to Active
resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "ci_next" {
  user   = aws_iam_user.ci.name
  status = "Active"
}
