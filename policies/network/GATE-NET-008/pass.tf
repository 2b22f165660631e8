resource "aws_security_group" "app" {
  name = "app"
}

resource "aws_security_group" "kafka" {
  name = "kafka"
  ingress {
    description     = "brokers from the application tier"
    from_port       = 9092
    to_port         = 9094
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
  ingress {
    description = "LDAPS from the corporate network"
    from_port   = 636
    to_port     = 636
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
