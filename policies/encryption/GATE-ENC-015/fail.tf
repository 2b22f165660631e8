resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "User sessions"
  node_type            = "cache.r7g.large"
  num_cache_clusters   = 2
}

resource "aws_elasticache_replication_group" "queue" {
  replication_group_id       = "queue"
  description                = "Work queue"
  engine                     = "valkey"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = false
}
