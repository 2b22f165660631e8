# The internet, however it is split or spelled: CIDR halves in one rule, halves across an inline rule and a
# rule resource, a prefix list whose entries cover 0.0.0.0/0, protocol number 6 (TCP), a CIDR with host bits
# (AWS canonicalises 1.2.3.4/0 to 0.0.0.0/0), and the two IPv6 halves.
resource "aws_security_group" "halves" {
  name = "halves"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "6"
    cidr_blocks = ["0.0.0.0/1", "128.0.0.0/1"]
  }
}

resource "aws_security_group" "split" {
  name = "split"

  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/1"]
  }
}

resource "aws_security_group_rule" "split_rest" {
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  from_port         = 0
  to_port           = 1023
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["8000::/1"]
}

resource "aws_ec2_managed_prefix_list" "everyone" {
  name           = "everyone"
  address_family = "IPv4"
  max_entries    = 2

  entry {
    cidr = "0.0.0.0/1"
  }
  entry {
    cidr = "128.0.0.0/1"
  }
}

resource "aws_security_group" "listed" {
  name = "listed"

  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    prefix_list_ids = [aws_ec2_managed_prefix_list.everyone.id]
  }
}

resource "aws_security_group" "host_bits" {
  name = "host-bits"
}

resource "aws_vpc_security_group_ingress_rule" "host_bits" {
  security_group_id = aws_security_group.host_bits.id
  ip_protocol       = "6"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "1.2.3.4/0"
}
