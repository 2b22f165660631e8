resource "aws_db_instance" "db" {
  identifier          = "db"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 10
  username            = "admin"
  manage_master_user_password = true
  storage_encrypted   = true
  publicly_accessible = can(trim("a", ""))
}
