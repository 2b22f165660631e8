# A root that calls the module and creates no instance of it: the module is still deployed elsewhere
# (or on its own), so its resources must be judged.
module "admin" {
  source = "../../modules/admin"
  count  = 0
}
