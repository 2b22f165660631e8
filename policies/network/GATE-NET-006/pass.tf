resource "aws_security_group" "build_host" {
  name = "build-host"
  ingress {
    description = "VNC from the office only"
    from_port   = 5900
    to_port     = 5901
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"]
  }
  ingress {
    description = "public web"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "ci_runners" {
  name = "ci-runners"
}

resource "aws_vpc_security_group_ingress_rule" "docker_api_from_runners" {
  security_group_id            = aws_security_group.build_host.id
  referenced_security_group_id = aws_security_group.ci_runners.id
  ip_protocol                  = "tcp"
  from_port                    = 2376
  to_port                      = 2376
}
