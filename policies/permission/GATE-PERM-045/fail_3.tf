# A grant to an account by its root user's e-mail address, on an ACL judged alone (its bucket is elsewhere).
resource "aws_s3_bucket_acl" "data" {
  bucket = "example-customer-data"
  access_control_policy {
    grant {
      grantee {
        email_address = "partner@example.com"
        type          = "AmazonCustomerByEmail"
      }
      permission = "READ"
    }
    owner {
      id = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
    }
  }
}
