module "bastion" {
  source   = "./modules/bastion"
  ssh_cidr = null
}
