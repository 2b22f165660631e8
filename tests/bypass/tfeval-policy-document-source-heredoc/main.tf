resource "aws_sqs_queue" "orders" {
  name = "orders"
}

data "aws_iam_policy_document" "orders" {
  source_policy_documents = [<<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "Public",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "sqs:*",
        "Resource": "${aws_sqs_queue.orders.arn}"
      }]
    }
  JSON
  ]
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders.json
}
