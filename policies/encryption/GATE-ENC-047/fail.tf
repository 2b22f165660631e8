resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 40
}

# the snapshot of an unencrypted volume is unencrypted
resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}
