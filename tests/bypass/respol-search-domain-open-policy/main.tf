resource "aws_elasticsearch_domain" "search" {
  domain_name           = "search-${var.environment}"
  elasticsearch_version = "7.10"
}

variable "environment" {
  default = "prod"
}

data "aws_iam_policy_document" "open" {
  statement {
    actions   = ["es:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_elasticsearch_domain_policy" "search" {
  domain_name     = aws_elasticsearch_domain.search.domain_name
  access_policies = data.aws_iam_policy_document.open.json
}
