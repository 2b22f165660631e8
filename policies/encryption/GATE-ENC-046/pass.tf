resource "aws_kms_key" "rds" {
  enable_key_rotation = true
}

resource "aws_db_instance" "orders" {
  identifier                      = "orders"
  engine                          = "postgres"
  instance_class                  = "db.t3.medium"
  allocated_storage               = 20
  storage_encrypted               = true
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.rds.arn
}

# Performance Insights off: no performance data is kept
resource "aws_db_instance" "cache" {
  identifier        = "cache"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_encrypted = true
}
