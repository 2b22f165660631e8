locals {
  team_badge = "💃🏾"
}

resource "aws_security_group" "bastion" {
  count = 2 - length(local.team_badge)
  name  = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
