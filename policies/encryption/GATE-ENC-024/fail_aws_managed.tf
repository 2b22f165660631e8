data "aws_kms_alias" "backup" {
  name = "alias/aws/backup"
}

resource "aws_backup_vault" "main" {
  name        = "main"
  kms_key_arn = data.aws_kms_alias.backup.target_key_arn
}
