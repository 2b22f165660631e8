resource "aws_db_security_group" "legacy" {
  name = "legacy-db"

  ingress {
    cidr = "0.0.0.0/1"
  }

  ingress {
    cidr = "128.0.0.0/1"
  }
}
