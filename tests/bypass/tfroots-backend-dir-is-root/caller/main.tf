module "stack" {
  source = "../stack"
  cidr   = "10.0.0.0/8"
}
