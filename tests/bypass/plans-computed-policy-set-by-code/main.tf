resource "terraform_data" "principal" {
  input = "*"
}

resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = terraform_data.principal.output }, Action = "sqs:*", Resource = "*" }]
  })
}
