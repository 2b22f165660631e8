data "aws_iam_policy_document" "ops" {
  statement {
    sid       = "ReadOnly"
    actions   = ["iam:Get*", "iam:List*"]
    resources = ["*"]
  }

  statement {
    sid       = "Maintenance"
    actions   = ["iam:Put*Policy", "iam:Attach*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "ops" {
  name   = "ops"
  role   = var.role_name
  policy = data.aws_iam_policy_document.ops.json
}
