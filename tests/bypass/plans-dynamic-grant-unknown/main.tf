resource "terraform_data" "grantees" {
  input = ["http://acs.amazonaws.com/groups/global/AllUsers"]
}

resource "aws_s3_bucket" "site" {
  bucket = "example-site"

  dynamic "grant" {
    for_each = terraform_data.grantees.output
    content {
      type        = "Group"
      uri         = grant.value
      permissions = ["READ"]
    }
  }
}
