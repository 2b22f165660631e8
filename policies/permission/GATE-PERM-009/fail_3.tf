# AdministratorAccess named with the partition fails whatever the partition; a policy ARN the gate cannot know
# before apply (var.extra_policy_arn has no value) may be AdministratorAccess: unknown, never a pass.
data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = "break-glass"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}

variable "extra_policy_arn" {
  type = string
}

resource "aws_iam_role_policy_attachment" "extra" {
  role       = "break-glass"
  policy_arn = var.extra_policy_arn
}
