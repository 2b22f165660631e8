# A Backup vault that lets another account copy recovery points in, and a Lambda layer shared with it.
resource "aws_backup_vault_policy" "main" {
  backup_vault_name = "main"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["backup:CopyIntoBackupVault"]
      Resource  = "*"
    }]
  })
}

resource "aws_lambda_layer_version_permission" "partner" {
  layer_name     = "arn:aws:lambda:eu-west-1:123456789012:layer:tools"
  version_number = 3
  statement_id   = "partner"
  action         = "lambda:GetLayerVersion"
  principal      = "111122223333"
}
