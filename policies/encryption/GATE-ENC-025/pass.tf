resource "aws_kms_key" "data" {
  description             = "Application data"
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

# asymmetric signing key: automatic rotation does not exist for it
resource "aws_kms_key" "signing" {
  description              = "Release signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}
