# Heredoc trust policy with "Principal": "*".
resource "aws_iam_role" "anyone" {
  name = "anyone"

  assume_role_policy = <<EOF2
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF2
}
