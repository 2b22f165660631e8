# No bucket policy at all.
resource "aws_s3_bucket" "scratch" {
  bucket = "example-scratch"
}
