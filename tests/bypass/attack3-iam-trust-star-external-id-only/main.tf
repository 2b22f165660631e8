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
resource "aws_iam_role_policy_attachment" "vendor" {
  role       = aws_iam_role.vendor.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
