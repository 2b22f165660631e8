variable "cluster_role_arn" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = var.cluster_role_arn

  vpc_config {
    subnet_ids = var.subnet_ids
  }
}
