resource "aws_db_security_group" "legacy" {
  name = "legacy-db"

  ingress {
    cidr = "10.0.0.0/16"
  }

  ingress {
    cidr = "0.0.0.0/0"
  }
}
