resource "aws_iot_policy" "device" {
  name = "device"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "iot:Connect"
        Resource = "arn:aws:iot:eu-west-1:111122223333:client/$${iot:Connection.Thing.ThingName}"
      },
      {
        Effect   = "Allow"
        Action   = ["iot:Publish", "iot:Receive"]
        Resource = "arn:aws:iot:eu-west-1:111122223333:topic/devices/$${iot:Connection.Thing.ThingName}/*"
      },
    ]
  })
}
