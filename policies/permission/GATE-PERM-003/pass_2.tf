# Heredoc JSON and aws_iam_policy_document, scoped; a Deny of everything is not a grant.
resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_policy" "ops" {
  name   = "ops-readonly"
  user   = aws_iam_user.ops.name
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ec2:Describe*", "s3:List*"],
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
    }
  ]
}
EOT
}

data "aws_iam_policy_document" "auditors" {
  statement {
    actions   = ["cloudtrail:LookupEvents", "config:Get*", "config:Describe*"]
    resources = ["*"]
  }
}

resource "aws_iam_group" "auditors" {
  name = "auditors"
}

resource "aws_iam_group_policy" "auditors" {
  name   = "auditors"
  group  = aws_iam_group.auditors.name
  policy = data.aws_iam_policy_document.auditors.json
}
