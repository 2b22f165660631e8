resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = "alias/aws/sns"
}

data "aws_kms_key" "sqs" {
  key_id = "alias/aws/sqs"
}

resource "aws_sqs_queue" "jobs" {
  name              = "jobs"
  kms_master_key_id = data.aws_kms_key.sqs.arn
}

# no key: SSE-SQS, a key AWS owns
resource "aws_sqs_queue" "events" {
  name = "events"
}
