# A deployer that may assume any role that trusts its account (`sts:Assume*` covers sts:AssumeRole).
data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["sts:Assume*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "deployer" {
  name   = "deployer"
  role   = var.role_name
  policy = data.aws_iam_policy_document.deployer.json
}

resource "aws_iam_policy" "hopper" {
  name = "hopper"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["sts:AssumeRole", "s3:ListBucket"], Resource = "*" }]
  })
}
