data "aws_organizations_organization" "current" {}

resource "aws_ram_resource_share" "subnets" {
  name                      = "subnets"
  allow_external_principals = false
}

# Shared with our own organisation.
resource "aws_ram_principal_association" "organisation" {
  principal          = data.aws_organizations_organization.current.arn
  resource_share_arn = aws_ram_resource_share.subnets.arn
}
