# Shared with every account of another organisation (its management account is 999988887777).
resource "aws_ami_launch_permission" "partner_org" {
  image_id         = "ami-0123456789abcdef0"
  organization_arn = "arn:aws:organizations::999988887777:organization/o-z9y8x7w6v5"
}
