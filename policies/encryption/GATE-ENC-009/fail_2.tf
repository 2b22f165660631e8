# A key named while encryption is explicitly off: no customer managed key protects the data.
resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = false
  kms_key_id     = var.efs_key_arn
}

variable "efs_key_arn" {
  type = string
}
