# Not the internet: halves on different ports, an egress rule, the AWS-managed EC2 Instance Connect prefix list
# (AWS service ranges), a prefix list of private ranges, and a protocol other than TCP and UDP.
resource "aws_security_group" "bastion" {
  name = "bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/1"]
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["128.0.0.0/1"]
  }
}

resource "aws_security_group_rule" "bastion_out" {
  type              = "egress"
  security_group_id = aws_security_group.bastion.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

data "aws_ec2_managed_prefix_list" "instance_connect" {
  name = "com.amazonaws.eu-west-1.ec2-instance-connect"
}

resource "aws_ec2_managed_prefix_list" "offices" {
  name           = "offices"
  address_family = "IPv4"
  max_entries    = 2

  entry {
    cidr = "10.0.0.0/8"
  }
  entry {
    cidr = "192.168.0.0/16"
  }
}

resource "aws_security_group" "managed" {
  name = "managed"

  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    prefix_list_ids = [data.aws_ec2_managed_prefix_list.instance_connect.id, aws_ec2_managed_prefix_list.offices.id]
  }

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "50"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
