resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# map_public_ip_on_launch left out: false for aws_subnet.
resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_default_subnet" "az_a" {
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
}
