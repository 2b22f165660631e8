# A search domain on a public endpoint whose separate domain policy lets every principal do es:* (TerraGoat's
# es.tf has the same shape).
resource "aws_elasticsearch_domain" "monitoring" {
  domain_name           = "monitoring"
  elasticsearch_version = "7.10"
}

data "aws_iam_policy_document" "monitoring" {
  statement {
    actions   = ["es:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_elasticsearch_domain_policy" "monitoring" {
  domain_name     = aws_elasticsearch_domain.monitoring.domain_name
  access_policies = data.aws_iam_policy_document.monitoring.json
}
