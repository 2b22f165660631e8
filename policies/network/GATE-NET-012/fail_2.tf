# publicly_accessible left out, and the constraints allow a 5.x provider, whose default is true: the older default
# decides: Terraform may select a 5.x version, and the cluster is created publicly accessible.
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-6-upgrade#resourceaws_redshift_cluster
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
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
