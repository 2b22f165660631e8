# The module calls itself twice at every level: 2^16 instances sixteen levels down, each with a group.
module "again" {
  source = "./"
  count  = 2
}

resource "aws_security_group" "admin" {
  name = "admin"
}
