# The default *.cloudfront.net certificate: the minimum version cannot be raised.
resource "aws_cloudfront_distribution" "assets" {
  enabled = true

  origin {
    domain_name = "example-assets.s3.eu-west-1.amazonaws.com"
    origin_id   = "assets"
  }

  default_cache_behavior {
    target_origin_id       = "assets"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
