module "bastion" {
  source = "../../modules/sg"
  cidr   = "0.0.0.0/0"
}
