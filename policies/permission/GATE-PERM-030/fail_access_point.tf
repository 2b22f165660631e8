# Network origin Internet (no vpc_configuration), its Block Public Access off, and a policy for everyone.
resource "aws_s3_access_point" "share" {
  bucket = "example-customer-data"
  name   = "share"
  public_access_block_configuration {
    block_public_acls       = false
    block_public_policy     = false
    ignore_public_acls      = false
    restrict_public_buckets = false
  }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:us-east-1:111122223333:accesspoint/share/object/*"
    }]
  })
}
