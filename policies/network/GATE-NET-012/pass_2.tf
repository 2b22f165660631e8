# publicly_accessible left out, and every AWS provider version the configuration allows is 6.0 or later, whose
# default is false ("The publicly_accessible attribute now defaults to false", Version 6 Upgrade Guide).
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-6-upgrade#resourceaws_redshift_cluster
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.2"
    }
  }
}

resource "aws_redshift_cluster" "analytics" {
  cluster_identifier     = "analytics"
  database_name          = "analytics"
  master_username        = "analytics"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "single-node"
  encrypted              = true
}
