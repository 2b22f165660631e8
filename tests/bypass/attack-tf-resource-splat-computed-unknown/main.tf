resource "aws_ssm_parameter" "allowed" {
  count = 1
  name  = "/net/allowed-ssh"
  type  = "String"
  value = "0.0.0.0/0"
}

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = aws_ssm_parameter.allowed[*].value
  }
}
