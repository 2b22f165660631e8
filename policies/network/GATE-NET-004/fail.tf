resource "aws_security_group" "postgres" {
  name   = "orders-db"
  vpc_id = var.vpc_id

  ingress {
    description = "PostgreSQL"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "cache" {
  name   = "sessions-cache"
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" "redis" {
  type              = "ingress"
  security_group_id = aws_security_group.cache.id
  from_port         = 6379
  to_port           = 6379
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
}

resource "aws_vpc_security_group_ingress_rule" "mongo" {
  security_group_id = var.analytics_sg_id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 27017
  to_port           = 27017
}
