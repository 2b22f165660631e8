resource "aws_kms_key" "messages" {
  enable_key_rotation = true
}

resource "aws_kms_alias" "messages" {
  name          = "alias/messages"
  target_key_id = aws_kms_key.messages.key_id
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_alias.messages.name
}

resource "aws_sqs_queue" "jobs" {
  name              = "jobs"
  kms_master_key_id = aws_kms_key.messages.arn
}

data "aws_kms_alias" "shared" {
  name = "alias/shared-messages"
}

resource "aws_sqs_queue" "events" {
  name              = "events"
  kms_master_key_id = data.aws_kms_alias.shared.target_key_arn
}
