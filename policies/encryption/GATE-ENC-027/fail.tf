variable "dax_role_arn" {
  type = string
}

resource "aws_dax_cluster" "cache" {
  cluster_name       = "orders-cache"
  iam_role_arn       = var.dax_role_arn
  node_type          = "dax.r5.large"
  replication_factor = 3
}

resource "aws_dax_cluster" "sessions" {
  cluster_name       = "sessions-cache"
  iam_role_arn       = var.dax_role_arn
  node_type          = "dax.r5.large"
  replication_factor = 3

  server_side_encryption {
    enabled = false
  }
}
