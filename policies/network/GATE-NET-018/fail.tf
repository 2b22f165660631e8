# vpc_config left at its defaults: public endpoint, open to 0.0.0.0/0.
resource "aws_eks_cluster" "platform" {
  name     = "platform"
  role_arn = var.cluster_role_arn

  vpc_config {
    subnet_ids = var.private_subnet_ids
  }
}

resource "aws_eks_cluster" "tools" {
  name     = "tools"
  role_arn = var.cluster_role_arn

  vpc_config {
    subnet_ids              = var.private_subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = ["203.0.113.0/24", "0.0.0.0/0"]
  }
}

# The two halves of the IPv4 space are the whole internet too.
resource "aws_eks_cluster" "halves" {
  name     = "halves"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids          = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    public_access_cidrs = ["0.0.0.0/1", "128.0.0.0/1"]
  }
}
