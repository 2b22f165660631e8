data "aws_vpc" "main" {
  default = true
}

module "bastion" {
  for_each = toset([data.aws_vpc.main.id])
  source   = "./modules/sg"
  cidr     = "0.0.0.0/0"
}
