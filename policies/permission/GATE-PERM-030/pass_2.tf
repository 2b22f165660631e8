# A domain in a VPC has no public endpoint; an open domain policy is the documented pattern there ("About access
# policies on VPC domains"), and security groups decide who reaches it.
resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"

  vpc_options {
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_opensearch_domain_policy" "search" {
  domain_name = "search"
  access_policies = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "arn:aws:es:eu-west-1:123456789012:domain/search/*" }]
  })
}
