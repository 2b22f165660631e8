resource "aws_kms_key" "data" {
  description = "Application data"
}

resource "aws_kms_key" "logs" {
  description              = "Logs"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = false
}
