resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "User sessions"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}

# a cluster added to the group above takes the group's settings
resource "aws_elasticache_cluster" "sessions_reader" {
  cluster_id           = "sessions-reader"
  replication_group_id = aws_elasticache_replication_group.sessions.id
}

resource "aws_elasticache_cluster" "pages" {
  cluster_id                 = "pages"
  engine                     = "memcached"
  engine_version             = "1.6.22"
  node_type                  = "cache.t4g.small"
  num_cache_nodes            = 2
  transit_encryption_enabled = true
}
