# No public IPv4 address, but every interface gets an IPv6 address, which is public.
resource "aws_subnet" "dual_stack" {
  vpc_id                          = var.vpc_id
  cidr_block                      = "10.0.1.0/24"
  ipv6_cidr_block                 = cidrsubnet(var.vpc_ipv6_cidr, 8, 1)
  map_public_ip_on_launch         = false
  assign_ipv6_address_on_creation = true
}
