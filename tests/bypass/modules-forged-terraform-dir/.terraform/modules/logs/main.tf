variable "acl" {
  type = string
}

# A harmless stand-in: no bucket, no ACL.
output "id" {
  value = "none"
}
