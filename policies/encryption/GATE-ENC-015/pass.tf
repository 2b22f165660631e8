resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "User sessions"
  engine                     = "redis"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  kms_key_id                 = aws_kms_key.cache.arn
}

# Valkey groups are encrypted at rest by default
resource "aws_elasticache_replication_group" "queue" {
  replication_group_id       = "queue"
  description                = "Work queue"
  engine                     = "valkey"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
}

resource "aws_kms_key" "cache" {
  description         = "Cache"
  enable_key_rotation = true
}
