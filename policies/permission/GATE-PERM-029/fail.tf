resource "aws_ram_resource_share" "subnets" {
  name                      = "subnets"
  allow_external_principals = true
}

# A partner account outside the approved ones can launch instances into the shared subnet.
resource "aws_ram_principal_association" "partner" {
  principal          = "999988887777"
  resource_share_arn = aws_ram_resource_share.subnets.arn
}

resource "aws_ram_resource_association" "subnet" {
  resource_arn       = "arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-0123456789abcdef0"
  resource_share_arn = aws_ram_resource_share.subnets.arn
}
