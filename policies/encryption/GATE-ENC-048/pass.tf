resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = true
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}

resource "aws_ebs_snapshot_copy" "data" {
  source_snapshot_id = "snap-0123456789abcdef0"
  source_region      = "eu-west-1"
  encrypted          = true
}

resource "aws_ami" "data" {
  name                = "data"
  virtualization_type = "hvm"
  root_device_name    = "/dev/xvda"

  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = aws_ebs_snapshot.data.id
    volume_size = 40
  }

  ebs_block_device {
    device_name = "/dev/xvdb"
    snapshot_id = aws_ebs_snapshot_copy.data.id
  }

  ebs_block_device {
    device_name = "/dev/xvdc"
    snapshot_id = "snap-0123456789abcdef0"
    encrypted   = true
  }
}
