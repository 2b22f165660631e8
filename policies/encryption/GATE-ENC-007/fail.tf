resource "aws_ebs_snapshot_copy" "dr" {
  source_snapshot_id = "snap-0123456789abcdef0"
  source_region      = "eu-west-1"
}

resource "aws_ami_copy" "golden" {
  name              = "golden-image"
  source_ami_id     = "ami-0123456789abcdef0"
  source_ami_region = "eu-west-1"
  encrypted         = false
}
