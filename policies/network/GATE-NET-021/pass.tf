resource "aws_instance" "app" {
  ami           = var.ami_id
  instance_type = "t3.micro"

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = var.ami_id
  instance_type = "t3.small"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

# Takes its metadata options from the template, which is judged on its own.
resource "aws_instance" "worker" {
  launch_template {
    id      = aws_launch_template.workers.id
    version = "$Latest"
  }
}

resource "aws_instance" "appliance" {
  ami           = var.ami_id
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "disabled"
  }
}
