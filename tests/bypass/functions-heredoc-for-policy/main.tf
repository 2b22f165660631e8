locals {
  statements = [{ actions = "*", resources = "*" }]
}

resource "aws_iam_policy" "ops" {
  name   = "ops"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        %{~ for s in local.statements ~}
        {"Effect": "Allow", "Action": "${s.actions}", "Resource": "${s.resources}"}
        %{~ endfor ~}
      ]
    }
  EOT
}
