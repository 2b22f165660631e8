resource "aws_security_group" "admin" {
  name = "admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# A billion instances: expanding them would take all the runner's memory, so the gate used to die with an
# internal error (exit 2, no report) and the open group above was never reported.
resource "aws_ebs_volume" "many" {
  count             = 1000000000
  availability_zone = "eu-west-1a"
  size              = 1
}
