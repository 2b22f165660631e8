resource "aws_neptune_cluster" "graph" {
  cluster_identifier  = "graph"
  engine              = "neptune"
  storage_encrypted   = true
  kms_key_arn         = aws_kms_key.graph.arn
  skip_final_snapshot = true
}

resource "aws_docdb_cluster" "catalog" {
  cluster_identifier          = "catalog"
  engine                      = "docdb"
  master_username             = "catalog"
  manage_master_user_password = true
  storage_encrypted           = true
  skip_final_snapshot         = true
}

# restored from a snapshot: takes the snapshot's encryption
resource "aws_docdb_cluster" "catalog_restore" {
  cluster_identifier  = "catalog-restore"
  snapshot_identifier = "catalog-2024-06-01"
  skip_final_snapshot = true
}

resource "aws_kms_key" "graph" {
  description         = "Graph database"
  enable_key_rotation = true
}
