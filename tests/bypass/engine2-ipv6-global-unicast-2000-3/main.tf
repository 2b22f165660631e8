resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    protocol         = "tcp"
    from_port        = 22
    to_port          = 22
    ipv6_cidr_blocks = ["2000::/3"]
  }
}
