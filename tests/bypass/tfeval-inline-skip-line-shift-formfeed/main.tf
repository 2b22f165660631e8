# Security groups of the bastion stack.

# gate:skip=GATE-NET-001 reason="internal group, only reachable from the VPN"
resource "aws_security_group" "internal" {
  name = "internal"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
