variable "env" {
  default = "prod"
}

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["%{ if var.env == "prod" }0.0.0.0/0%{ else }10.0.0.0/8%{ endif }"]
  }
}
