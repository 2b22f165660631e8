resource "aws_db_instance" "orders" {
  identifier                   = "orders"
  engine                       = "postgres"
  instance_class               = "db.t3.medium"
  allocated_storage            = 20
  storage_encrypted            = true
  performance_insights_enabled = true
}

resource "aws_rds_cluster" "reports" {
  cluster_identifier              = "reports"
  engine                          = "aurora-postgresql"
  storage_encrypted               = true
  performance_insights_enabled    = true
  performance_insights_kms_key_id = "alias/aws/rds"
}
