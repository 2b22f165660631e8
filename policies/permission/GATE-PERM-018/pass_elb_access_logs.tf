# The bucket policy AWS documents for Application Load Balancer access logs in us-east-1: the principal is the
# Elastic Load Balancing account AWS owns in that region (127311923021), an AWS service account approved by default
# (policies/aws-service-accounts.yaml). Redshift audit logging in eu-west-1 (210876761215) likewise, and the
# provider's aws_elb_service_account data source names the same table.
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy
# https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html#db-auditing-bucket-permissions
data "aws_elb_service_account" "main" {}

resource "aws_s3_bucket" "lb_logs" {
  bucket = "example-lb-logs"
}

resource "aws_s3_bucket_policy" "lb_logs" {
  bucket = aws_s3_bucket.lb_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::127311923021:root" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.lb_logs.arn}/AWSLogs/111122223333/*"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = data.aws_elb_service_account.main.arn }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.lb_logs.arn}/classic/AWSLogs/*"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::210876761215:user/logs" }
        Action    = ["s3:PutObject", "s3:GetBucketAcl"]
        Resource  = [aws_s3_bucket.lb_logs.arn, "${aws_s3_bucket.lb_logs.arn}/redshift/*"]
      },
    ]
  })
}
