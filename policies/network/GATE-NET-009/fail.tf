resource "aws_network_acl" "public" {
  vpc_id = var.vpc_id

  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
}

resource "aws_network_acl" "dmz" {
  vpc_id = var.vpc_id
}

resource "aws_network_acl_rule" "dmz_rdp" {
  network_acl_id  = aws_network_acl.dmz.id
  rule_number     = 110
  egress          = false
  protocol        = "tcp"
  rule_action     = "allow"
  ipv6_cidr_block = "::/0"
  from_port       = 3389
  to_port         = 3389
}

# The VPC's default ACL, managed here, keeps its allow-all rule: that admits SSH and RDP too.
resource "aws_default_network_acl" "default" {
  default_network_acl_id = var.default_network_acl_id

  ingress {
    rule_no    = 100
    protocol   = "-1"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
