resource "aws_load_balancer_policy" "custom" {
  load_balancer_name = "legacy"
  policy_name        = "custom"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }

  policy_attribute {
    name  = "ECDHE-RSA-AES128-GCM-SHA256"
    value = "true"
  }

  policy_attribute {
    name  = "RC4-SHA"
    value = "true"
  }
}

resource "aws_load_balancer_policy" "compat" {
  load_balancer_name = "legacy"
  policy_name        = "compat"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "DES-CBC3-SHA"
    value = "true"
  }
}
