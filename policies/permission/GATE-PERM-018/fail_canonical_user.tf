# Another account named by its canonical user id, which is not in approved_canonical_users.
resource "aws_s3_bucket_policy" "data" {
  bucket = "example-customer-data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { CanonicalUser = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-customer-data/*"
    }]
  })
}
