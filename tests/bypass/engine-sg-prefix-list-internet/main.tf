resource "aws_ec2_managed_prefix_list" "partners" {
  name           = "partners"
  address_family = "IPv4"
  max_entries    = 4

  entry {
    cidr        = "0.0.0.0/1"
    description = "partner A"
  }
}

resource "aws_ec2_managed_prefix_list_entry" "partner_b" {
  prefix_list_id = aws_ec2_managed_prefix_list.partners.id
  cidr           = "128.0.0.0/1"
  description    = "partner B"
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "bastion"

  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    prefix_list_ids = [aws_ec2_managed_prefix_list.partners.id]
  }
}
