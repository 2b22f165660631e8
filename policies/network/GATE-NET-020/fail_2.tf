# IPv6 addresses are public: an instance that asks for one, and a template whose interfaces get two.
resource "aws_instance" "app" {
  ami                = var.ami_id
  instance_type      = "t3.micro"
  subnet_id          = var.subnet_id
  ipv6_address_count = 1
}

resource "aws_launch_template" "web" {
  name_prefix   = "web-"
  image_id      = var.ami_id
  instance_type = "t3.small"

  network_interfaces {
    ipv6_address_count = 2
  }
}
