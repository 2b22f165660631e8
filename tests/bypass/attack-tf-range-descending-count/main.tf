resource "aws_security_group" "bastion" {
  count = length(range(1, 0))
  name  = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
