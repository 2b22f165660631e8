resource "aws_security_group" "this" {
  dynamic "ingress" {
    for_each = ["0.0.0.0/0"]
    content {
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }
}
