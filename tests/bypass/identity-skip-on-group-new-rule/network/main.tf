# gate:skip=GATE-NET-001 reason="Bastion: SSH from anywhere, reviewed in SEC-120"
resource "aws_security_group" "bastion" {
  name = "bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
