resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["SNS:Publish", "SNS:Subscribe"]
        Resource  = aws_sns_topic.alerts.arn
      },
    ]
  })
}

# The policy on the topic itself, as a heredoc.
resource "aws_sns_topic" "orders" {
  name   = "orders"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "sns:Subscribe", "Resource": "arn:aws:sns:eu-west-1:111122223333:orders"}
  ]
}
POLICY
}
