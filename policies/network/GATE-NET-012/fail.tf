resource "aws_redshift_cluster" "analytics" {
  cluster_identifier     = "analytics"
  database_name          = "analytics"
  master_username        = "analytics"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "single-node"
  encrypted              = true
  publicly_accessible    = true
}

# Left out: providers before v6.0 create the cluster publicly accessible.
resource "aws_redshift_cluster" "staging" {
  cluster_identifier     = "staging"
  database_name          = "staging"
  master_username        = "staging"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "single-node"
  encrypted              = true
}
