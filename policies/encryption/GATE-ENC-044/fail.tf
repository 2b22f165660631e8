resource "aws_workspaces_workspace" "analyst" {
  directory_id                   = "d-0123456789"
  bundle_id                      = "wsb-0123456789"
  user_name                      = "analyst"
  user_volume_encryption_enabled = true
}
