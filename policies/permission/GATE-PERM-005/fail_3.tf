# CloudFormation on every stack: the holder creates any resource, IAM roles included, through a stack.
resource "aws_iam_policy" "stacks" {
  name = "stacks"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudformation:*", Resource = "*" }]
  })
}
