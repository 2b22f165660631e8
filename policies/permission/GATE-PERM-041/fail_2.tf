# `iam:Put*Policy` covers PutRolePolicy and PutUserPolicy.
data "aws_iam_policy_document" "writer" {
  statement {
    actions   = ["iam:Put*Policy"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "writer" {
  name   = "writer"
  role   = var.role_name
  policy = data.aws_iam_policy_document.writer.json
}
