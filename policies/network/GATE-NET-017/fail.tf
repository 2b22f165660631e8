resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_type = "r6g.large.search"
  }

  ebs_options {
    ebs_enabled = true
    volume_size = 100
  }
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  vpc_options {
    security_group_ids = [var.search_sg_id]
  }
}
