terraform {
  required_providers {
    awscc = { source = "hashicorp/awscc" }
  }
}

resource "awscc_ec2_security_group" "bastion" {
  group_description = "bastion"
  security_group_ingress = [{
    ip_protocol = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_ip     = "0.0.0.0/0"
  }]
}
