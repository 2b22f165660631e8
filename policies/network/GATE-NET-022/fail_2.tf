# UDP counts too (a game or VPN server port), and two halves of the IPv4 internet are the internet.
resource "aws_security_group" "game" {
  name   = "game"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 27015
    to_port     = 27015
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/1", "128.0.0.0/1"]
  }
}
