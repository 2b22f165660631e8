# AmazonS3FullAccess allows s3:* on *: every bucket of the account.
resource "aws_iam_user_policy_attachment" "dev" {
  user       = "dev"
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}
