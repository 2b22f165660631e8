# A domain of the same name in a VPC elsewhere does not make the public one private: the policy is judged
# against every domain it may name.
provider "aws" {
  alias  = "east"
  region = "us-east-1"
}

resource "aws_opensearch_domain" "public" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"
}

resource "aws_opensearch_domain" "decoy" {
  provider       = aws.east
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"
  vpc_options {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}

resource "aws_opensearch_domain_policy" "search" {
  domain_name = "search"
  access_policies = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }]
  })
}
