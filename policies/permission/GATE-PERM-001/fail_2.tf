# Legacy style (provider v3, still accepted by v4/v5): the ACL written on the bucket itself.
resource "aws_s3_bucket" "website" {
  bucket = "example-static-website"
  acl    = "public-read-write"
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"

  grant {
    type        = "Group"
    uri         = "http://acs.amazonaws.com/groups/global/AllUsers"
    permissions = ["READ"]
  }
}
