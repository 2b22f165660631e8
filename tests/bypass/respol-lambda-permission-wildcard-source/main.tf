resource "aws_lambda_permission" "anyone" {
  statement_id  = "AnyBucket"
  action        = "lambda:InvokeFunction"
  function_name = "resize"
  principal     = "*"
  source_arn    = "arn:aws:s3:::*"
}
