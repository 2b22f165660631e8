# "Temporarily" pin the provider for CI: an override file replaces the aws element of required_providers.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.90"
    }
  }
}
