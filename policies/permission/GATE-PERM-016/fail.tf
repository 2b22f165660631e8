resource "aws_kms_key" "data" {
  description = "data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EveryoneCanUseTheKey"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })
}

# A separate key policy resource, as a heredoc.
resource "aws_kms_key" "logs" {
  description = "logs"
}

resource "aws_kms_key_policy" "logs" {
  key_id = aws_kms_key.logs.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}
  ]
}
POLICY
}
