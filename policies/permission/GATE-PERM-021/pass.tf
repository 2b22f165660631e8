# shared_accounts defaults to none: the snapshot stays private.
resource "aws_db_snapshot" "nightly" {
  db_instance_identifier = var.db_instance_identifier
  db_snapshot_identifier = "orders-nightly"
}

resource "aws_db_cluster_snapshot" "release" {
  db_cluster_identifier          = var.db_cluster_identifier
  db_cluster_snapshot_identifier = "orders-release"
  shared_accounts                = []
}
