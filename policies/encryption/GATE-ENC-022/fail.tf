resource "aws_secretsmanager_secret" "db" {
  name = "orders/db"
}
