# A Backup vault, an API and a CodeArtifact domain, each with a statement to everyone; the Deny only refuses
# deletions and narrows nothing else.
resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_vault_policy" "main" {
  backup_vault_name = aws_backup_vault.main.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "backup:CopyIntoBackupVault", Resource = "*" },
      { Effect = "Deny", Principal = "*", Action = "backup:DeleteRecoveryPoint", Resource = "*" },
    ]
  })
}

resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]
    }
  JSON
}

resource "aws_codeartifact_domain_permissions_policy" "packages" {
  domain          = "packages"
  policy_document = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", NotPrincipal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "codeartifact:*", Resource = "*" }]
  })
}
