# Routes as an attribute list (attributes-as-blocks): every field must be written, unset ones empty.
resource "aws_default_route_table" "main" {
  default_route_table_id = var.default_route_table_id

  route = [
    {
      cidr_block                 = "0.0.0.0/0"
      vpc_peering_connection_id  = var.peering_id
      ipv6_cidr_block            = null
      gateway_id                 = null
      nat_gateway_id             = null
      transit_gateway_id         = null
      network_interface_id       = null
      egress_only_gateway_id     = null
      carrier_gateway_id         = null
      core_network_arn           = null
      destination_prefix_list_id = null
      local_gateway_id           = null
      vpc_endpoint_id            = null
    },
  ]
}
