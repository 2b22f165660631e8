# an empty EBS device that does not ask for encryption
resource "aws_ami" "scratch" {
  name                = "scratch"
  virtualization_type = "hvm"
  root_device_name    = "/dev/xvda"

  ebs_block_device {
    device_name = "/dev/xvda"
    volume_size = 8
    encrypted   = false
  }
}
