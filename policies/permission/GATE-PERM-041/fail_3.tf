# The AWS managed policy IAMFullAccess allows iam:* on * (aws-managed-policy/latest/reference/IAMFullAccess.html):
# the role can attach AdministratorAccess to itself. The partition in its ARN does not change which policy it is.
data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "ci" {
  role       = "ci"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/IAMFullAccess"
}
