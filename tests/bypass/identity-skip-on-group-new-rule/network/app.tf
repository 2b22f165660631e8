# The pull request, in another file: a separate rule resource that opens the same group on SSH to the world
# for a host that was never reviewed. The skip above the group does not speak for it.
resource "aws_vpc_security_group_ingress_rule" "debug_ssh" {
  security_group_id = aws_security_group.bastion.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}
