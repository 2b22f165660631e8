resource "aws_redshift_cluster" "analytics" {
  cluster_identifier     = "analytics"
  database_name          = "analytics"
  master_username        = "analytics"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "single-node"
  encrypted              = true
}
