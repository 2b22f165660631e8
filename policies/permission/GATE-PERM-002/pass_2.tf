# Wildcard principal narrowed by a condition (VPC endpoint), from an aws_iam_policy_document; and a named account.
resource "aws_s3_bucket" "artifacts" {
  bucket = "example-artifacts"
}

data "aws_iam_policy_document" "artifacts" {
  statement {
    sid       = "ReadThroughVpcEndpoint"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-0a1b2c3d4e5f67890"]
    }
  }

  statement {
    sid       = "DeployAccount"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = data.aws_iam_policy_document.artifacts.json
}
