output "cidr" {
  value = "0.0.0.0/0"
}
