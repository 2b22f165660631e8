data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
}

# The pattern AWS documents: the bucket delegates access control to the access points of its own account.
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
      Condition = {
        StringEquals = { "s3:DataAccessPointAccount" = data.aws_caller_identity.current.account_id }
      }
    }]
  })
}

# ...and one access point, reachable from the internet, lets everyone read.
resource "aws_s3_access_point" "share" {
  bucket = aws_s3_bucket.data.id
  name   = "share"

  public_access_block_configuration {
    block_public_acls       = false
    block_public_policy     = false
    ignore_public_acls      = false
    restrict_public_buckets = false
  }
}

resource "aws_s3control_access_point_policy" "share" {
  access_point_arn = aws_s3_access_point.share.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_access_point.share.arn}/object/*"
    }]
  })
}
