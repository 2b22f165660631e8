locals {
  sources = {
    office   = "10.0.0.0/8"
    anywhere = "0.0.0.0/0"
  }
  first_source = [for name, cidr in local.sources : cidr][0]
}

resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [local.first_source]
  }
}
