resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    # iterating a set, the key is the element itself
    cidr_blocks = [for cidr, _ in toset(["0.0.0.0/0"]) : cidr]
  }
}
