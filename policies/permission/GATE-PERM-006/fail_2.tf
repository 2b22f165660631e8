# Heredoc on a user policy, and an aws_iam_policy_document on a role policy.
resource "aws_iam_user_policy" "deployer" {
  name   = "deployer"
  user   = var.deployer_user_name
  policy = <<EOF2
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:*"
    }
  ]
}
EOF2
}

data "aws_iam_policy_document" "queue" {
  statement {
    actions   = ["*"]
    resources = ["arn:aws:sqs:eu-west-1:111122223333:jobs"]
  }
}

resource "aws_iam_role_policy" "queue" {
  name   = "queue"
  role   = var.worker_role_name
  policy = data.aws_iam_policy_document.queue.json
}
