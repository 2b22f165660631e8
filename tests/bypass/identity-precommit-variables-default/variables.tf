# The commit changes only this default.
variable "office_cidr" {
  type    = string
  default = "0.0.0.0/0"
}
