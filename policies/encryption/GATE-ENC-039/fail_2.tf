# encryption by default turned off says nothing for the volumes
resource "aws_ebs_encryption_by_default" "off" {
  enabled = false
}

resource "aws_instance" "worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = false
  }
}
