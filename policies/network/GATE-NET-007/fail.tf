resource "aws_security_group" "file_server" {
  name = "file-server"
  ingress {
    description = "SMB"
    from_port   = 445
    to_port     = 445
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "ftp" {
  name = "ftp"
}

resource "aws_security_group_rule" "ftp_control" {
  type              = "ingress"
  security_group_id = aws_security_group.ftp.id
  from_port         = 20
  to_port           = 21
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
