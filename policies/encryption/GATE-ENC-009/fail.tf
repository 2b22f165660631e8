# Encrypted, but with the AWS managed keys of the services.
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}

resource "aws_rds_cluster" "inventory" {
  cluster_identifier          = "inventory"
  engine                      = "aurora-postgresql"
  master_username             = "inventory"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "warehouse"
  manage_master_password = true
}
