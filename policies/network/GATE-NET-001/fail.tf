resource "aws_security_group" "inline" {
  name = "inline"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "with_rule" {
  name = "with-rule"
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.with_rule.id
  from_port         = 0
  to_port           = 1024
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
}

resource "aws_vpc_security_group_ingress_rule" "orphan" {
  security_group_id = var.sg_id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
