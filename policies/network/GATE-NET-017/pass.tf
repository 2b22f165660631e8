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

  vpc_options {
    subnet_ids         = var.private_subnet_ids
    security_group_ids = [var.search_sg_id]
  }
}
