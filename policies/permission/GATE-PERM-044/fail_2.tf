# Any resource type, and a provisioner that only copies a file: it writes where its connection user may write.
resource "terraform_data" "setup" {
  provisioner "file" {
    source      = "setup.sh"
    destination = "/etc/cron.d/setup"
  }
}
