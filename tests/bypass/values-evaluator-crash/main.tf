# Terraform converts the strings to numbers: sum(["20", "2"]) is 22, so the group opens SSH to the internet.
resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = "vpc-0a1b2c3d4e5f60718"

  ingress {
    from_port   = 22
    to_port     = sum(["20", "2"])
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
