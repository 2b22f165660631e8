variable "admin_cidr" {
  type = string
}

module "bastion" {
  source = "../../modules/sg"
  cidr   = var.admin_cidr
}
