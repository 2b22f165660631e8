# No encryption configuration: the bucket gets SSE-S3 by default, not a key of its own.
resource "aws_s3_bucket" "scratch" {
  bucket = "example-scratch"
}
