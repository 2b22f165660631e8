# Everything but the identity and organisation services, on every resource (the shape of a "power user"
# policy), written with jsonencode: not administrator access, but far wider than it reads.
resource "aws_iam_policy" "power_user" {
  name = "power-user"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        NotAction = ["iam:*", "sts:*", "organizations:*"]
        Resource  = "*"
      },
    ]
  })
}

# The same from an aws_iam_policy_document, on one bucket: every S3 action but deleting the bucket.
data "aws_iam_policy_document" "bucket_admin" {
  statement {
    not_actions = ["s3:DeleteBucket"]
    resources   = ["arn:aws:s3:::example-reports", "arn:aws:s3:::example-reports/*"]
  }
}

resource "aws_iam_group_policy" "bucket_admin" {
  name   = "bucket-admin"
  group  = var.group_name
  policy = data.aws_iam_policy_document.bucket_admin.json
}
