resource "aws_load_balancer_policy" "tls12" {
  load_balancer_name = "legacy"
  policy_name        = "tls12"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}

resource "aws_load_balancer_policy" "custom" {
  load_balancer_name = "legacy"
  policy_name        = "custom"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }

  policy_attribute {
    name  = "ECDHE-ECDSA-AES128-GCM-SHA256"
    value = "true"
  }

  # explicitly off
  policy_attribute {
    name  = "DES-CBC3-SHA"
    value = "false"
  }
}
