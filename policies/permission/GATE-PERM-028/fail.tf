resource "aws_iot_policy" "device" {
  name = "device"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["iot:*"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iot_policy" "gateway" {
  name   = "gateway"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:iot:eu-west-1:111122223333:client/gateway-*"}
  ]
}
POLICY
}

# Device messaging on every client id and topic.
resource "aws_iot_policy" "fleet" {
  name = "fleet"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive"], Resource = ["*"] }]
  })
}
