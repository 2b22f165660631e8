resource "aws_neptune_cluster" "graph" {
  cluster_identifier                  = "graph"
  engine                              = "neptune"
  storage_encrypted                   = true
  iam_database_authentication_enabled = true
}

resource "aws_neptune_cluster_instance" "graph" {
  count               = 2
  cluster_identifier  = aws_neptune_cluster.graph.id
  instance_class      = "db.r6g.large"
  publicly_accessible = true
}
