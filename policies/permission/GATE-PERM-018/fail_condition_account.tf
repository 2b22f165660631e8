# Everyone, "restricted" to the callers of one account: a share with that account (IAM User Guide,
# "aws:PrincipalAccount"), which is not approved.
resource "aws_s3_bucket_policy" "data" {
  bucket = "example-customer-data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-customer-data/*"
      Condition = { StringEquals = { "aws:PrincipalAccount" = "999988887777" } }
    }]
  })
}
