resource "aws_iam_user" "legacy" {
  name = "legacy-integration"
}

# A key being retired: kept for the record, but switched off.
resource "aws_iam_access_key" "legacy" {
  user   = aws_iam_user.legacy.name
  status = "Inactive"
}
