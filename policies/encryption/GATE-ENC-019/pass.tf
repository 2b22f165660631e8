resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_type  = "r6g.large.search"
    instance_count = 2
  }

  ebs_options {
    ebs_enabled = true
    volume_size = 100
  }

  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.search.arn
  }

  node_to_node_encryption {
    enabled = true
  }
}

resource "aws_kms_key" "search" {
  description         = "Search domain"
  enable_key_rotation = true
}
