# Shared with the organisation, not with accounts one by one or with everyone.
resource "aws_ami_launch_permission" "organisation" {
  image_id         = "ami-0123456789abcdef0"
  organization_arn = "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5"
}

resource "aws_imagebuilder_distribution_configuration" "golden" {
  name = "golden"

  distribution {
    region = "eu-west-1"

    ami_distribution_configuration {
      name = "golden-{{ imagebuilder:buildDate }}"

      launch_permission {
        organizational_unit_arns = ["arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456"]
      }
    }
  }
}
