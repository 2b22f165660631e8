# kms:ViaService names the service calling KMS, in any account: every AWS customer can decrypt through S3.
resource "aws_kms_key" "data" {
  description = "customer data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
      Resource  = "*"
      Condition = { StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" } }
    }]
  })
}
