# A classic load balancer: a custom policy turning on TLS 1.0, and an HTTPS listener without any policy.
resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["eu-west-1a"]

  listener {
    instance_port      = 8080
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab"
  }
}

resource "aws_load_balancer_policy" "custom" {
  load_balancer_name = "other-elb"
  policy_name        = "custom-ssl"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }

  policy_attribute {
    name  = "Protocol-TLSv1"
    value = "true"
  }
}
