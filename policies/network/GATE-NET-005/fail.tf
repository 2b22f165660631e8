resource "aws_db_instance" "reporting" {
  identifier                  = "reporting"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "reporting"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = true
  skip_final_snapshot         = true
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier          = "orders"
  engine                      = "aurora-postgresql"
  master_username             = "orders"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_rds_cluster_instance" "orders_writer" {
  identifier          = "orders-writer"
  cluster_identifier  = aws_rds_cluster.orders.id
  engine              = aws_rds_cluster.orders.engine
  instance_class      = "db.r6g.large"
  publicly_accessible = true
}
