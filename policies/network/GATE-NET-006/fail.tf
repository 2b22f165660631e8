resource "aws_security_group" "legacy_switch" {
  name = "legacy-switch"
  ingress {
    description = "Telnet to the appliance"
    from_port   = 23
    to_port     = 23
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "build_host" {
  name = "build-host"
}

resource "aws_vpc_security_group_ingress_rule" "docker_api" {
  security_group_id = aws_security_group.build_host.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "tcp"
  from_port         = 2375
  to_port           = 2376
}
