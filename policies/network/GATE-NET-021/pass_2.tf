# The account-level default requires IMDSv2 in this Region, so instances that leave http_tokens unset get it.
resource "aws_ec2_instance_metadata_defaults" "this" {
  http_tokens                 = "required"
  http_put_response_hop_limit = 2
}

resource "aws_instance" "app" {
  ami           = var.ami_id
  instance_type = "t3.micro"
}
