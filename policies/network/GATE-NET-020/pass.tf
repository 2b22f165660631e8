resource "aws_instance" "app" {
  ami                         = var.ami_id
  instance_type               = "t3.micro"
  subnet_id                   = var.private_subnet_id
  associate_public_ip_address = false
}

# associate_public_ip_address left out: the subnet decides (judged by GATE-NET-019).
resource "aws_launch_template" "web" {
  name_prefix   = "web-"
  image_id      = var.ami_id
  instance_type = "t3.small"

  network_interfaces {
    subnet_id = var.private_subnet_id
  }
}

# An Elastic IP for a NAT gateway is not an instance's address.
resource "aws_eip" "nat" {
  domain = "vpc"
}
