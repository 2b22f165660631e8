variable "expose_ssh" {
  type    = bool
  default = "true"
}

variable "admin" {
  type = object({
    cidr = optional(string, "0.0.0.0/0")
  })
  default = {}
}

resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.expose_ssh == true ? "0.0.0.0/0" : "10.0.0.0/8"]
  }
}

resource "aws_security_group" "admin" {
  name = "admin"
  ingress {
    protocol    = "tcp"
    from_port   = 3389
    to_port     = 3389
    cidr_blocks = [var.admin.cidr]
  }
}
