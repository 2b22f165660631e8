# No block declared: AWS turns all four settings on for every new bucket since April 2023, so nothing here switches
# the guard rail off (GATE-PERM-035 advises declaring it, low).
resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}
