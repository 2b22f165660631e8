resource "aws_ebs_volume" "scratch" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = true
}

# A snapshot of the legacy database volume (unencrypted, created outside this configuration). The expression
# mentions the encrypted scratch volume, but its value is always the legacy volume's id.
resource "aws_ebs_snapshot" "legacy_db" {
  volume_id = aws_ebs_volume.scratch.id != "" ? "vol-0123456789abcdef0" : aws_ebs_volume.scratch.id
}
