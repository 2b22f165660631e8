# Shared with our own organisation, not with accounts one by one or with everyone.
data "aws_organizations_organization" "current" {}

resource "aws_ami_launch_permission" "organisation" {
  image_id         = "ami-0123456789abcdef0"
  organization_arn = data.aws_organizations_organization.current.arn
}

resource "aws_imagebuilder_distribution_configuration" "golden" {
  name = "golden"

  distribution {
    region = "eu-west-1"

    ami_distribution_configuration {
      name = "golden-{{ imagebuilder:buildDate }}"

      launch_permission {
        # an OU of the organisation whose management account deploys this
        organizational_unit_arns = ["arn:aws:organizations::${data.aws_caller_identity.current.account_id}:ou/o-a1b2c3d4e5/ou-ab12-cdef3456"]
      }
    }
  }
}

data "aws_caller_identity" "current" {}
