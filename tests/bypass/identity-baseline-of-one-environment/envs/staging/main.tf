# The pull request: staging's database becomes public too, at the same address in the same module file.
module "db" {
  source = "../../modules/db"
  public = true
}
