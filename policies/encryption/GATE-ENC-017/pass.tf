resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "warehouse"
  manage_master_password = true
  encrypted              = true
  kms_key_id             = aws_kms_key.warehouse.arn
}

# unset: encrypted by AWS by default
resource "aws_redshift_cluster" "reports" {
  cluster_identifier     = "reports"
  node_type              = "ra3.xlplus"
  master_username        = "reports"
  manage_master_password = true
}

resource "aws_kms_key" "warehouse" {
  description         = "Warehouse"
  enable_key_rotation = true
}
