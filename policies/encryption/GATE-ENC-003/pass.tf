resource "aws_efs_file_system" "shared" {
  creation_token   = "shared-home"
  performance_mode = "generalPurpose"
  encrypted        = true
  kms_key_id       = var.efs_kms_key_arn

  tags = {
    Name = "shared-home"
  }
}
