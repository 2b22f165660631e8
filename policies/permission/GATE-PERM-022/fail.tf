# Shared with accounts outside approved_accounts (the example driver approves none).
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = true
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}

resource "aws_snapshot_create_volume_permission" "partner" {
  snapshot_id = aws_ebs_snapshot.data.id
  account_id  = "444455556666"
}

resource "aws_dlm_lifecycle_policy" "nightly" {
  description        = "nightly snapshots, shared with the DR account"
  execution_role_arn = var.dlm_role_arn
  state              = "ENABLED"

  policy_details {
    resource_types = ["VOLUME"]

    schedule {
      name = "nightly"

      create_rule {
        interval      = 24
        interval_unit = "HOURS"
        times         = ["03:00"]
      }

      retain_rule {
        count = 7
      }

      share_rule {
        target_accounts = ["777788889999"]
      }
    }

    target_tags = {
      Backup = "true"
    }
  }
}
