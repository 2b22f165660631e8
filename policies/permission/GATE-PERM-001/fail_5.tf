# An object in a bucket this configuration does not manage, copied with a grant to every AWS customer.
resource "aws_s3_object_copy" "report" {
  bucket = "partner-reports"
  key    = "q3.pdf"
  source = "internal-reports/q3.pdf"

  grant {
    type        = "Group"
    uri         = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    permissions = ["READ"]
  }
}
