# The roles to assume are named; a Deny on every role narrows, it grants nothing.
resource "aws_iam_role" "target" {
  name = "target"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" } }]
  })
}

resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.target.arn },
      { Effect = "Deny", Action = "sts:AssumeRole", Resource = "*", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } } },
    ]
  })
}
