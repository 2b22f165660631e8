resource "aws_iam_role" "support" {
  name = "support"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

# Reads as "everything but one EC2 action"; grants iam:* on *, so the role attaches AdministratorAccess to
# itself. The excluded action does not even exist.
resource "aws_iam_role_policy" "support" {
  name = "support"
  role = aws_iam_role.support.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect    = "Allow"
      NotAction = "ec2:NoSuchAction"
      Resource  = "*"
    }
  })
}
