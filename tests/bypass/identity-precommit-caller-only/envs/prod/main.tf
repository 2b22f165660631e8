# The commit changes only this file: the caller now passes the whole internet into the module.
module "bastion" {
  source = "../../modules/sg"
  cidr   = "0.0.0.0/0"
}
