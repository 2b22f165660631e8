resource "aws_security_group" "bastion" {
  name = "bastion"

  dynamic "ingress" {
    for_each = toset(["0.0.0.0/0"])
    content {
      protocol    = "tcp"
      from_port   = 22
      to_port     = 22
      cidr_blocks = [ingress.key]
    }
  }
}
