variable "cidr" {
  type    = string
  default = "10.0.0.0/8"
}

resource "aws_security_group" "this" {
  name = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}
