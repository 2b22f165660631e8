# publicly_accessible left out: the provider default for aws_db_instance is false
resource "aws_db_instance" "reporting" {
  identifier                  = "reporting"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "reporting"
  manage_master_user_password = true
  storage_encrypted           = true
  db_subnet_group_name        = "private-db"
  skip_final_snapshot         = true
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier          = "orders"
  engine                      = "aurora-postgresql"
  master_username             = "orders"
  manage_master_user_password = true
  storage_encrypted           = true
  db_subnet_group_name        = "private-db"
}

resource "aws_rds_cluster_instance" "orders_writer" {
  identifier          = "orders-writer"
  cluster_identifier  = aws_rds_cluster.orders.id
  engine              = aws_rds_cluster.orders.engine
  instance_class      = "db.r6g.large"
  publicly_accessible = false
}

# A Multi-AZ DB cluster (RDS for PostgreSQL) in private subnets
resource "aws_rds_cluster" "ledger" {
  cluster_identifier          = "ledger"
  engine                      = "postgres"
  db_cluster_instance_class   = "db.m6gd.large"
  storage_type                = "io1"
  allocated_storage           = 100
  iops                        = 1000
  master_username             = "ledger"
  manage_master_user_password = true
  storage_encrypted           = true
  db_subnet_group_name        = "private-db"
  publicly_accessible         = false
}

resource "aws_redshiftserverless_workgroup" "analytics" {
  namespace_name = "analytics"
  workgroup_name = "analytics"
}
