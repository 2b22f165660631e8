resource "aws_backup_vault" "main" {
  name = "main"
}
