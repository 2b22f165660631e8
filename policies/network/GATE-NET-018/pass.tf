resource "aws_eks_cluster" "platform" {
  name     = "platform"
  role_arn = var.cluster_role_arn

  vpc_config {
    subnet_ids              = var.private_subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

resource "aws_eks_cluster" "tools" {
  name     = "tools"
  role_arn = var.cluster_role_arn

  vpc_config {
    subnet_ids              = var.private_subnet_ids
    endpoint_private_access = true
    public_access_cidrs     = ["203.0.113.0/24", "198.51.100.17/32"]
  }
}
