resource "aws_security_group" "wide_open" {
  name   = "wide-open"
  vpc_id = var.vpc_id

  ingress {
    description = "everything"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "game" {
  name   = "game-servers"
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" "game_all_tcp" {
  type              = "ingress"
  security_group_id = aws_security_group.game.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
}

resource "aws_vpc_security_group_ingress_rule" "shared_all" {
  security_group_id = var.shared_sg_id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
