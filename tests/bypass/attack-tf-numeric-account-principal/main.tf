data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [999988887777]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_lambda_permission" "cross" {
  statement_id  = "cross"
  action        = "lambda:InvokeFunction"
  function_name = "orders"
  principal     = 999988887777
}
