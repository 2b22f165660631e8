# The plan.json beside this file is `terraform show -json` of this configuration.
resource "terraform_data" "source" {
  input = "0.0.0.0/0"
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.bastion.id
  cidr_ipv4         = terraform_data.source.output
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}
