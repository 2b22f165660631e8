resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sns_topic" "jobs" {
  name = "jobs"
}

# Every action, for a topic that only needs to send.
resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "*"
        Resource  = aws_sqs_queue.jobs.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.jobs.arn } }
      },
    ]
  })
}

# sqs:* for a consumer role, on the queue itself.
resource "aws_sqs_queue" "events" {
  name   = "events"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "${var.consumer_role_arn}"}, "Action": "sqs:*", "Resource": "*"}
  ]
}
POLICY
}
