resource "aws_ram_resource_share" "resolver" {
  name = "resolver-rules"
}

# Every account of another organisation (management account 999988887777).
resource "aws_ram_principal_association" "other_org" {
  principal          = "arn:aws:organizations::999988887777:organization/o-z9y8x7w6v5"
  resource_share_arn = aws_ram_resource_share.resolver.arn
}
