resource "aws_redshiftserverless_namespace" "analytics" {
  namespace_name = "analytics"
}

resource "aws_redshiftserverless_workgroup" "analytics" {
  namespace_name      = aws_redshiftserverless_namespace.analytics.namespace_name
  workgroup_name      = "analytics"
  publicly_accessible = true
}
