# An override file: Terraform merges it into main.tf after reading every other file, whatever its name.
locals {
  admin_cidr = "0.0.0.0/0"
}
