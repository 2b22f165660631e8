# EBS encryption by default is on in this configuration: the volumes are encrypted without asking.
resource "aws_ebs_encryption_by_default" "this" {}

resource "aws_launch_template" "worker" {
  name_prefix   = "worker-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m6i.large"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
    }
  }
}
