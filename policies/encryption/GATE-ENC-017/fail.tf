resource "aws_redshift_cluster" "legacy" {
  cluster_identifier     = "legacy"
  node_type              = "dc2.large"
  master_username        = "legacy"
  manage_master_password = true
  encrypted              = false
}
