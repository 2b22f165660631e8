resource "aws_ecr_repository" "app" {
  name = "app"
}

data "aws_iam_policy_document" "app" {
  statement {
    sid     = "PullFromOrganisation"
    actions = ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }

  statement {
    sid     = "LambdaPull"
    actions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_ecr_repository_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy     = data.aws_iam_policy_document.app.json
}
