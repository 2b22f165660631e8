resource "aws_instance" "app" {
  ami           = var.ami_id
  instance_type = "t3.micro"
}

resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = var.ami_id
  instance_type = "t3.small"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional"
  }
}

resource "aws_launch_configuration" "legacy" {
  image_id      = var.ami_id
  instance_type = "t3.small"

  metadata_options {
    http_put_response_hop_limit = 2
  }
}
