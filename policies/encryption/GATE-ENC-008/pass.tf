resource "aws_launch_configuration" "web" {
  name_prefix   = "web-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.medium"

  root_block_device {
    volume_size = 30
    encrypted   = true
  }

  ebs_block_device {
    device_name = "/dev/xvdb"
    volume_size = 100
    encrypted   = true
  }

  # an instance store volume holds no EBS data
  ephemeral_block_device {
    device_name  = "/dev/xvdc"
    virtual_name = "ephemeral0"
  }
}

resource "aws_launch_template" "worker" {
  name_prefix   = "worker-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m6i.large"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
      encrypted   = "true"
      kms_key_id  = aws_kms_key.ebs.arn
    }
  }
}

resource "aws_kms_key" "ebs" {
  description         = "Worker volumes"
  enable_key_rotation = true
}
