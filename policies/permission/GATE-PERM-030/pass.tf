data "aws_caller_identity" "current" {}

# A domain open to every principal only from the company's own address ranges (not internet ranges): not
# public in the sense of IAM Access Analyzer.
resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:ESHttp*"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/logs/*"
      Condition = { IpAddress = { "aws:SourceIp" = ["10.0.0.0/8", "192.168.10.0/24"] } }
    }]
  })
}

# The deploying account, and every principal of one organisation.
resource "aws_backup_vault_policy" "main" {
  backup_vault_name = "main"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "backup:CopyIntoBackupVault"
        Resource  = "*"
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "backup:CopyIntoBackupVault"
        Resource  = "*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

resource "aws_lambda_layer_version_permission" "org" {
  layer_name      = "arn:aws:lambda:eu-west-1:123456789012:layer:tools"
  version_number  = 3
  statement_id    = "organisation"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-a1b2c3d4e5"
}

resource "aws_cloudwatch_event_permission" "org" {
  principal    = "*"
  statement_id = "Organisation"
  condition {
    key   = "aws:PrincipalOrgID"
    type  = "StringEquals"
    value = "o-a1b2c3d4e5"
  }
}

# A private API reachable only through one VPC endpoint.
resource "aws_api_gateway_rest_api_policy" "internal" {
  rest_api_id = "a1b2c3d4e5"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "execute-api:/*"
      Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } }
    }]
  })
}
