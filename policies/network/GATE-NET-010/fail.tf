resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# The AWS default rules written out: members talk to each other and reach anywhere.
resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc" "shared" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "shared" {
  vpc_id = aws_vpc.shared.id
}

resource "aws_vpc_security_group_ingress_rule" "shared_https" {
  security_group_id = aws_default_security_group.shared.id
  cidr_ipv4         = "10.0.0.0/8"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}
