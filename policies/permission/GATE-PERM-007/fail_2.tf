# Heredoc JSON with a lower-case action (IAM action names are case-insensitive).
resource "aws_iam_role_policy" "test_policy" {
  name = "test_policy"
  role = var.role_id

  policy = <<-EOF2
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Action": ["iam:passrole"],
        "Effect": "Allow",
        "Resource": "*"
      }
    ]
  }
  EOF2
}
