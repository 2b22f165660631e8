# An inline route block, and a separate aws_route for IPv6.
resource "aws_route_table" "private" {
  vpc_id = var.vpc_id

  route {
    cidr_block = "10.1.0.0/16"
    gateway_id = var.nat_gateway_id
  }

  route {
    cidr_block                = "0.0.0.0/0"
    vpc_peering_connection_id = var.peering_id
  }
}

resource "aws_route" "peer_v6" {
  route_table_id              = aws_route_table.private.id
  destination_ipv6_cidr_block = "::/0"
  vpc_peering_connection_id   = aws_vpc_peering_connection.peer.id
}

resource "aws_vpc_peering_connection" "peer" {
  vpc_id      = var.vpc_id
  peer_vpc_id = var.peer_vpc_id
}
