resource "aws_security_group" "file_server" {
  name = "file-server"
  ingress {
    description = "NFS from the VPC"
    from_port   = 2049
    to_port     = 2049
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
  ingress {
    description = "SMB from the office"
    from_port   = 445
    to_port     = 445
    protocol    = "tcp"
    cidr_blocks = ["198.51.100.0/24"]
  }
  ingress {
    description = "public web"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
