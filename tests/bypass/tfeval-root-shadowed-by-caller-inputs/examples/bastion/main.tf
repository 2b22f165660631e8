# usage example of the bastion stack
module "bastion" {
  source   = "../../stacks/bastion"
  ssh_cidr = "10.0.0.0/8"
}
