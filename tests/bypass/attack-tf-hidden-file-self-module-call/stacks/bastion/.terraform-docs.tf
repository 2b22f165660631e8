module "usage" {
  source = "./"
}
