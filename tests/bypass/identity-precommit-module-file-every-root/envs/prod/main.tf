module "bastion" {
  source = "../../modules/sg"
  cidr   = "10.0.0.0/8"
}
