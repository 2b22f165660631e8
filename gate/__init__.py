"""policy-gate: a CI/CD policy gate for Terraform and CloudFormation."""

__version__ = "0.1.0"
