# A source ARN that matches every bucket narrows nothing (bucket ARNs carry no account).
resource "aws_lambda_permission" "from_s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnails"
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::*"
}
