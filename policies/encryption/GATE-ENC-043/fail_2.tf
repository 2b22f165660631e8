# only instance metadata settings: nothing is encrypted
resource "aws_emr_security_configuration" "imds" {
  name          = "imds"
  configuration = <<-JSON
    {
      "InstanceMetadataServiceConfiguration": {
        "MinimumInstanceMetadataServiceVersion": 2,
        "HttpPutResponseHopLimit": 1
      }
    }
  JSON
}
