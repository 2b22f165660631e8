# The example driver runs with no approved accounts: every literal account id below is unapproved.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.jobs.arn
      },
    ]
  })
}

resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_ecr_repository_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::777788889999:role/ci"},
      "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }
  ]
}
POLICY
}

# A Lambda permission for another account.
resource "aws_lambda_permission" "partner" {
  statement_id  = "AllowPartner"
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  principal     = "123456789012"
}
