resource "aws_db_security_group" "legacy" {
  name = "legacy-db"

  ingress {
    cidr = "10.0.0.0/16"
  }

  ingress {
    security_group_name     = "app-servers"
    security_group_owner_id = "111122223333"
  }
}
