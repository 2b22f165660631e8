# The commit changes only this file.
admin_cidr = "0.0.0.0/0"
