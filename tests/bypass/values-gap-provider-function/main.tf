terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.40" }
  }
}

# A provider-defined function: the AWS provider builds the ARN of account 210987654321 at plan time.
resource "aws_iam_role" "vendor" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = provider::aws::arn_build("aws", "iam", "", "210987654321", "root") }
    }]
  })
}
