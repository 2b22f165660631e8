# jsonencode on a managed policy, and an aws_iam_policy_document whose wildcard action covers PassRole.
resource "aws_iam_policy" "launcher" {
  name = "launcher"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ec2:RunInstances", "iam:PassRole"]
        Resource = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "pipelines" {
  statement {
    actions   = ["iam:Pass*", "iam:GetRole"]
    resources = ["*"]

    # restricting the receiving service still lets any role be passed to it
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "pipelines" {
  name   = "pipelines"
  role   = var.pipeline_role_name
  policy = data.aws_iam_policy_document.pipelines.json
}
