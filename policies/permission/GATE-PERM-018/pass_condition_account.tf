data "aws_caller_identity" "current" {}

# Everyone in the deploying account, through its CloudFront origin access identity as well.
resource "aws_cloudfront_origin_access_identity" "site" {}

resource "aws_s3_bucket_policy" "data" {
  bucket = "example-customer-data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::example-customer-data/*"
        Condition = { StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } }
      },
      {
        Effect    = "Allow"
        Principal = { CanonicalUser = aws_cloudfront_origin_access_identity.site.s3_canonical_user_id }
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::example-customer-data/*"
      },
    ]
  })
}
