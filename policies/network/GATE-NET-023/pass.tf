# The peer VPC's own range goes to the peering connection; the internet goes to this VPC's gateway.
resource "aws_route_table" "private" {
  vpc_id = var.vpc_id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = var.internet_gateway_id
  }

  route {
    cidr_block                = "10.20.0.0/16"
    vpc_peering_connection_id = var.peering_id
  }
}

resource "aws_route" "peer_v6" {
  route_table_id              = aws_route_table.private.id
  destination_ipv6_cidr_block = "2600:1f18:aaaa::/56"
  vpc_peering_connection_id   = var.peering_id
}
