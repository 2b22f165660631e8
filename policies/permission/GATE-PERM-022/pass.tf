resource "aws_dlm_lifecycle_policy" "nightly" {
  description        = "nightly snapshots"
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
    }

    target_tags = {
      Backup = "true"
    }
  }
}

resource "aws_snapshot_create_volume_permission" "self" {
  snapshot_id = var.snapshot_id
  account_id  = data.aws_caller_identity.current.account_id
}

data "aws_caller_identity" "current" {}
