"""A plan file stands for the HCL folder beside it only when it is the plan of that configuration
(gate.loaders.plan_match; https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation)."""

from __future__ import annotations

import json
from pathlib import Path

from gate.api import ScanOptions, scan

MAIN_TF = """module "db" {
  source = "./db"
}

resource "aws_security_group" "web" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

data "aws_caller_identity" "me" {}
"""
DB_TF = 'resource "aws_ebs_volume" "v" {\n  availability_zone = "a"\n  size = 1\n  encrypted = true\n}\n'
SAFE_CHANGE = {
    "address": "aws_security_group.web",
    "mode": "managed",
    "type": "aws_security_group",
    "name": "web",
    "change": {
        "actions": ["create"],
        "before": None,
        "after_unknown": {},
        "after": {
            "ingress": [
                {
                    "from_port": 22,
                    "to_port": 22,
                    "protocol": "tcp",
                    "cidr_blocks": ["10.0.0.0/8"],
                    "ipv6_cidr_blocks": [],
                }
            ]
        },
    },
}


def configured(*addresses: str, calls: tuple[str, ...] = ()) -> dict[str, object]:
    resources = []
    for address in addresses:
        kind, name = address.removeprefix("data.").split(".")
        resources.append(
            {
                "address": address,
                "mode": "data" if address.startswith("data.") else "managed",
                "type": kind,
                "name": name,
            }
        )
    return {
        "root_module": {"resources": resources, "module_calls": {c: {"source": f"./{c}", "module": {}} for c in calls}}
    }


def project(tmp_path: Path, configuration: dict[str, object] | None) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "db").mkdir()
    (tmp_path / "main.tf").write_text(MAIN_TF, encoding="utf-8")
    (tmp_path / "db" / "main.tf").write_text(DB_TF, encoding="utf-8")
    plan: dict[str, object] = {"format_version": "1.2", "resource_changes": [SAFE_CHANGE]}
    if configuration is not None:
        plan["configuration"] = configuration
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    return tmp_path


def formats_and_notices(root: Path) -> tuple[set[str], list[str]]:
    run = scan(ScanOptions(cwd=root, environ={}, parse_cache=False))
    return {r.resource.format for r in run.results if r.policy_id == "GATE-NET-001"}, run.notices


def test_the_plan_of_the_configuration_stands_for_its_folder(tmp_path: Path) -> None:
    root = project(tmp_path, configured("aws_security_group.web", "data.aws_caller_identity.me", calls=("db",)))
    formats, notices = formats_and_notices(root)
    assert formats == {"terraform-plan"}
    assert ".: judged through its plan (plan.json), not as HCL" in notices


def test_a_plan_of_another_configuration_is_judged_beside_the_hcl(tmp_path: Path) -> None:
    root = project(tmp_path, configured("aws_security_group.web", "aws_instance.extra", calls=("db",)))
    formats, notices = formats_and_notices(root)
    assert formats == {"terraform-plan", "terraform"}
    assert (
        "plan.json: not the plan of . (its configuration lacks data.aws_caller_identity.me; it configures "
        "aws_instance.extra, which the folder does not declare): the plan and the folder's HCL are both judged"
    ) in notices


def test_a_plan_without_configuration_never_stands_for_a_folder(tmp_path: Path) -> None:
    formats, notices = formats_and_notices(project(tmp_path, None))
    assert formats == {"terraform-plan", "terraform"}
    assert any(
        n.startswith(
            "plan.json: not the plan of . (its configuration lacks aws_security_group.web, "
            "data.aws_caller_identity.me, module.db)"
        )
        for n in notices
    ), notices
