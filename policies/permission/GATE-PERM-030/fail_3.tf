# Permission resources whose principal is everyone: a Lambda layer any account can use, and an event bus any
# account can put events on.
resource "aws_lambda_layer_version_permission" "shared" {
  layer_name     = "arn:aws:lambda:eu-west-1:123456789012:layer:tools"
  version_number = 3
  statement_id   = "everyone"
  action         = "lambda:GetLayerVersion"
  principal      = "*"
}

resource "aws_cloudwatch_event_permission" "everyone" {
  principal    = "*"
  statement_id = "Everyone"
}
