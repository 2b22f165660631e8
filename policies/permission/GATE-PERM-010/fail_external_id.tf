# An external ID is not a secret and names no caller: anyone who knows it may assume the role.
resource "aws_iam_role" "vendor" {
  name = "vendor-access"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "sts:ExternalId" = "acme-2024" } }
    }]
  })
}
