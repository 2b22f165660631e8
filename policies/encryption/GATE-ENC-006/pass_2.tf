# `enabled` defaults to true.
resource "aws_ebs_encryption_by_default" "this" {}
