# Every TCP port, opened by two rules that each cover half of the port range.
resource "aws_security_group" "wide" {
  name = "wide"

  ingress {
    from_port   = 0
    to_port     = 32767
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "wide_high" {
  security_group_id = aws_security_group.wide.id
  ip_protocol       = "tcp"
  from_port         = 32768
  to_port           = 65535
  cidr_ipv4         = "0.0.0.0/0"
}
