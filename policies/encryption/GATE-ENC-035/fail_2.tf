# no security policy: the default, TLS_1_0
resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
