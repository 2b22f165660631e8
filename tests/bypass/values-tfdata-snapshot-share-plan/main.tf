# The plan.json beside this file is `terraform show -json` of this configuration.
resource "terraform_data" "partners" {
  input = ["210987654321"]
}

resource "aws_db_snapshot" "nightly" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-nightly"
  shared_accounts        = terraform_data.partners.output
}
