variable "rest_api_id" {
  type = string
}

variable "resource_id" {
  type = string
}

variable "deployment_id" {
  type = string
}

resource "aws_api_gateway_integration" "orders" {
  rest_api_id             = var.rest_api_id
  resource_id             = var.resource_id
  http_method             = "GET"
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "https://orders.internal.example.com/orders"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = var.rest_api_id
  deployment_id = var.deployment_id
  stage_name    = "prod"
}
