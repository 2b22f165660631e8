resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sns_topic" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.jobs.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.jobs.arn } }
      },
      {
        Effect    = "Allow"
        Principal = { AWS = var.consumer_role_arn }
        Action    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        Resource  = aws_sqs_queue.jobs.arn
      },
    ]
  })
}
