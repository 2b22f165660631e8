# An EFS file system policy open to every principal: a wildcard source IP range narrows nothing, and a
# StringLike organisation id of "*" matches every organisation.
resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = aws_efs_file_system.shared.arn
      Condition = {
        IpAddress  = { "aws:SourceIp" = ["0.0.0.0/0"] }
        StringLike = { "aws:PrincipalOrgID" = "*" }
      }
    }]
  })
}
