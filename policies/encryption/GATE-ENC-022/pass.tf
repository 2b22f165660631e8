resource "aws_secretsmanager_secret" "db" {
  name       = "orders/db"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_kms_key" "secrets" {
  description         = "Application secrets"
  enable_key_rotation = true
}
