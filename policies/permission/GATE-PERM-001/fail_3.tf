# A separate ACL attached by bucket name, and one whose bucket is not in this configuration.
resource "aws_s3_bucket" "assets" {
  bucket = "example-assets"
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = "example-assets"
  acl    = "authenticated-read"
}

resource "aws_s3_bucket_acl" "imported" {
  bucket = var.imported_bucket_name
  acl    = "public-read"
}
