"""Provisioner blocks are kept as the resource's ``provisioner`` argument, from HCL and from a plan's configuration
(a plan's values never show them: Terraform runs them after the plan)."""

from __future__ import annotations

import json
from pathlib import Path

from gate.api import ScanOptions, scan
from gate.loaders.provisioners import plan_provisioners
from gate.model import Status

CONFIG = """\
resource "terraform_data" "setup" {
  provisioner "local-exec" {
    command = "echo ${self.id}"
  }
  provisioner "remote-exec" {
    when   = destroy
    inline = ["rm -rf /"]
  }
}

resource "terraform_data" "quiet" {
  input = "x"
}
"""


def test_hcl_resources_keep_each_provisioner_type_and_are_reported(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(CONFIG, encoding="utf-8")
    run = scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}))
    mine = {r.resource.address: r for r in run.results if r.policy_id == "GATE-PERM-044"}
    assert mine["terraform_data.setup"].status is Status.FAILED
    assert (
        "local-exec" in mine["terraform_data.setup"].message and "remote-exec" in mine["terraform_data.setup"].message
    )
    assert mine["terraform_data.quiet"].status is Status.PASSED


def test_plan_configuration_provisioners_by_base_address_in_modules() -> None:
    configuration = json.loads("""{"root_module": {
      "resources": [{"mode": "managed", "type": "aws_iam_role", "name": "ci", "provisioners": [{"type": "local-exec"}]},
                    {"mode": "managed", "type": "aws_s3_bucket", "name": "b"}],
      "module_calls": {"web": {"module": {"resources": [
        {"mode": "managed", "type": "null_resource", "name": "n", "provisioners": [{"type": "file"}, {}]}]}}}}}""")
    assert plan_provisioners(configuration) == {
        "aws_iam_role.ci": [{"type": "local-exec"}],
        "module.web.null_resource.n": [{"type": "file"}, {"type": None}],
    }
    assert plan_provisioners(None) == {}
