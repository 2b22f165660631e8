# EBS encryption by default in this configuration encrypts the copy.
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_snapshot_copy" "dr" {
  source_snapshot_id = "snap-0123456789abcdef0"
  source_region      = "eu-west-1"
}
