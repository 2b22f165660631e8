# A JWT-protected HTTP route, and WebSocket routes that cannot carry an authorizer (only $connect can).
resource "aws_apigatewayv2_api" "http" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.http.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "users"
  jwt_configuration {
    audience = ["orders"]
    issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example"
  }
}

resource "aws_apigatewayv2_route" "create" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "POST /orders"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
}

resource "aws_apigatewayv2_api" "ws" {
  name                       = "live"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_route" "message" {
  api_id    = aws_apigatewayv2_api.ws.id
  route_key = "sendmessage"
}

resource "aws_apigatewayv2_route" "disconnect" {
  api_id    = aws_apigatewayv2_api.ws.id
  route_key = "$disconnect"
}
