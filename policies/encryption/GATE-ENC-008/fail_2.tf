resource "aws_launch_template" "worker" {
  name_prefix   = "worker-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m6i.large"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
      encrypted   = "true"
    }
  }

  block_device_mappings {
    device_name = "/dev/xvdb"
    ebs {
      volume_size = 200
      encrypted   = "false"
    }
  }
}
