# Administrator access in effect, without `"Action": "*"`: NotAction that excludes a harmless or nonexistent
# action still grants iam:* (a principal with it attaches AdministratorAccess to itself), and NotResource
# grants every resource it does not name. Action names are case insensitive.
resource "aws_iam_policy" "support" {
  name = "support"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect    = "Allow"
      NotAction = "ec2:NoSuchAction"
      Resource  = "*"
    }
  })
}

resource "aws_iam_policy" "all_but_one_bucket" {
  name = "all-but-one-bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect      = "Allow"
        Action      = "*"
        NotResource = "arn:aws:s3:::payroll"
      },
    ]
  })
}

resource "aws_iam_policy" "power_user_with_sts" {
  name = "power-user-with-sts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        NotAction = ["IAM:*", "Organizations:*"]
        Resource  = "*"
      },
    ]
  })
}
