# A public AMI, and one shared with an account outside approved_accounts (the example driver approves none).
resource "aws_ami_launch_permission" "public" {
  image_id = "ami-0123456789abcdef0"
  group    = "all"
}

resource "aws_ami_launch_permission" "partner" {
  image_id   = "ami-0123456789abcdef0"
  account_id = "444455556666"
}

resource "aws_imagebuilder_distribution_configuration" "golden" {
  name = "golden"

  distribution {
    region = "eu-west-1"

    ami_distribution_configuration {
      name = "golden-{{ imagebuilder:buildDate }}"

      launch_permission {
        user_groups = ["all"]
      }
    }
  }
}
