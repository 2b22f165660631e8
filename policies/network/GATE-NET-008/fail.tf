resource "aws_security_group" "analysis_services" {
  name = "ssas"
  ingress {
    description = "SQL Server Analysis Services"
    from_port   = 2383
    to_port     = 2383
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "kafka" {
  name = "kafka"
}

resource "aws_security_group_rule" "brokers" {
  type              = "ingress"
  security_group_id = aws_security_group.kafka.id
  from_port         = 9092
  to_port           = 9094
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
}
