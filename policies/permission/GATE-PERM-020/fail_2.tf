# SNS and Secrets Manager policies from aws_iam_policy_document, granting a role of another account.
resource "aws_sns_topic" "events" {
  name = "events"
}

data "aws_iam_policy_document" "events" {
  statement {
    actions   = ["sns:Subscribe"]
    resources = [aws_sns_topic.events.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/consumer"]
    }
  }
}

resource "aws_sns_topic_policy" "events" {
  arn    = aws_sns_topic.events.arn
  policy = data.aws_iam_policy_document.events.json
}

resource "aws_secretsmanager_secret" "api" {
  name = "api-key"
}

data "aws_iam_policy_document" "api" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["777788889999"]
    }
  }
}

resource "aws_secretsmanager_secret_policy" "api" {
  secret_arn = aws_secretsmanager_secret.api.arn
  policy     = data.aws_iam_policy_document.api.json
}
