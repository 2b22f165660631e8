data "aws_vpc" "main" {
  default = true
}

# One group per VPC id: the id is known only at apply, so Terraform creates the group then.
resource "aws_security_group" "admin" {
  for_each = toset([data.aws_vpc.main.id])
  name     = "admin"
  vpc_id   = each.key
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
