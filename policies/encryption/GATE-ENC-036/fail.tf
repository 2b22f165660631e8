variable "rest_api_id" {
  type = string
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = var.rest_api_id
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    caching_enabled      = true
    cache_ttl_in_seconds = 300
  }
}
