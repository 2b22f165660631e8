locals {
  # yamlencode is not computed by the gate (an evaluation gap); the round trip gives the string back
  low  = yamldecode(yamlencode("0.0.0.0"))
  high = yamldecode(yamlencode("128.0.0.0"))
}

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["${local.low}/1", "${local.high}/1"]
  }
}
