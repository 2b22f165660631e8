resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# The shape of the default topic policy: a wildcard principal narrowed by AWS:SourceOwner; and a service.
data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "OwnerAccount"
    actions   = ["SNS:Publish", "SNS:Subscribe", "SNS:GetTopicAttributes"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceOwner"
      values   = [var.account_id]
    }
  }

  statement {
    sid       = "CloudWatchAlarms"
    actions   = ["SNS:Publish"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}
