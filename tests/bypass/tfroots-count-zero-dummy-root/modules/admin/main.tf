variable "cidr" {
  type    = string
  default = "0.0.0.0/0"
}

resource "aws_security_group" "this" {
  name = "admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}
