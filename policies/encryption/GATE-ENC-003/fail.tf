resource "aws_efs_file_system" "shared" {
  creation_token   = "shared-home"
  performance_mode = "generalPurpose"

  tags = {
    Name = "shared-home"
  }
}

resource "aws_efs_file_system" "build_cache" {
  creation_token = "build-cache"
  encrypted      = false
}
