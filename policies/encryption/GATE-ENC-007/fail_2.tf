# EBS encryption by default is present but turned off.
resource "aws_ebs_encryption_by_default" "this" {
  enabled = false
}

resource "aws_ebs_snapshot_copy" "dr" {
  source_snapshot_id = "snap-0123456789abcdef0"
  source_region      = "eu-west-1"
}
