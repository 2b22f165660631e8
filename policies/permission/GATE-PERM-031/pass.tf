data "aws_caller_identity" "current" {}

# The Glue catalog and an event bus are shared with the deploying account only.
resource "aws_glue_resource_policy" "catalog" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/analytics" }
      Action    = "glue:GetTable"
      Resource  = "*"
    }]
  })
}

resource "aws_cloudwatch_event_permission" "self" {
  principal    = data.aws_caller_identity.current.account_id
  statement_id = "Self"
}
