# Built only from literals: Terraform computes "0.0.0.0/0" before anything is applied.
locals {
  source = strrev("0/0.0.0.0")
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = "vpc-0a1b2c3d4e5f60718"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [local.source]
  }
}
