resource "aws_security_group" "admin" {
  name        = "admin"
  description = "admin"
}

# Protocol 6 is TCP; the halves come from two rule resources; 128.0.0.1/1 has host bits, which AWS clears.
resource "aws_vpc_security_group_ingress_rule" "low" {
  security_group_id = aws_security_group.admin.id
  ip_protocol       = "6"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/1"
}

resource "aws_vpc_security_group_ingress_rule" "high" {
  security_group_id = aws_security_group.admin.id
  ip_protocol       = "6"
  from_port         = 20
  to_port           = 25
  cidr_ipv4         = "128.0.0.1/1"
}
