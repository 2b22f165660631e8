variable "lockdown" {
  type    = string
  default = "false"
}

resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [true && var.lockdown ? "10.0.0.0/8" : "0.0.0.0/0"]
  }
}
