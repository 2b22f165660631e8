module "net" {
  source = "./modules/net"
  count  = 1
}

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = module.net[*].cidr
  }
}
