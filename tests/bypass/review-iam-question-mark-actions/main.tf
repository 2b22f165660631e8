resource "aws_iam_policy" "almost_everything" {
  name = "almost-everything"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*:??????*"
      Resource = "*"
    }]
  })
}
