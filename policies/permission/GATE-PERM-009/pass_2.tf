# AWS managed policies named with the partition (arn:${partition}:iam::aws:policy/...): AWS managed policies are
# immutable, and whatever the partition these are not AdministratorAccess, so they pass rather than wait for apply.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = "rds-monitoring"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_iam_role" "nodes" {
  name               = "eks-nodes"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
  managed_policy_arns = [
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKS_CNI_Policy",
  ]
}
