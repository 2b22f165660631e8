# Public (all), and shared with an account outside approved_accounts (the example driver approves none).
resource "aws_db_snapshot" "public" {
  db_instance_identifier = var.db_instance_identifier
  db_snapshot_identifier = "orders-public"
  shared_accounts        = ["all"]
}

resource "aws_db_cluster_snapshot" "partner" {
  db_cluster_identifier          = var.db_cluster_identifier
  db_cluster_snapshot_identifier = "orders-partner"
  shared_accounts                = ["444455556666"]
}

resource "aws_db_snapshot_copy" "copy" {
  source_db_snapshot_identifier = aws_db_snapshot.public.db_snapshot_arn
  target_db_snapshot_identifier = "orders-copy"
  shared_accounts               = ["777788889999"]
}
