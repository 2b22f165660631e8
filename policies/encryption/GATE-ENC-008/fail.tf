resource "aws_launch_configuration" "web" {
  name_prefix   = "web-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.medium"

  ebs_block_device {
    device_name = "/dev/xvdb"
    volume_size = 100
  }
}

resource "aws_launch_configuration" "batch" {
  name_prefix   = "batch-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "c6i.large"

  root_block_device {
    encrypted = false
  }
}
