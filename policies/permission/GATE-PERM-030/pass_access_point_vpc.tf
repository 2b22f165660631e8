# An access point reachable only from the owner's VPC (network origin VPC): its open policy is not public.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_s3_access_point" "internal" {
  bucket = "example-customer-data"
  name   = "internal"
  vpc_configuration {
    vpc_id = aws_vpc.main.id
  }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:us-east-1:111122223333:accesspoint/internal/object/*"
    }]
  })
}
