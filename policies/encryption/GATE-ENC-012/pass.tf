resource "aws_kms_key" "alerts" {
  description         = "Alerts topic"
  enable_key_rotation = true
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.alerts.id
}
