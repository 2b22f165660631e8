terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

variable "sandbox_access_key" {
  type    = string
  default = "mock"
}

variable "sandbox_secret_key" {
  type    = string
  default = "mock"
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

# The sandbox account (111122223333), with its own credentials.
provider "aws" {
  alias                       = "sandbox"
  region                      = "us-east-1"
  access_key                  = var.sandbox_access_key
  secret_key                  = var.sandbox_secret_key
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
