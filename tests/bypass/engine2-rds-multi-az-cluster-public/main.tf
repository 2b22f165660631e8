resource "aws_rds_cluster" "orders" {
  cluster_identifier        = "orders"
  engine                    = "postgres"
  db_cluster_instance_class = "db.m6gd.large"
  storage_type              = "io1"
  allocated_storage         = 100
  iops                      = 1000
  master_username           = "orders"
  manage_master_user_password = true
  storage_encrypted         = true
  publicly_accessible       = true
}
