"""A plan file stands for the HCL folder beside it only at deploy, named by the pipeline, when it is the plan of
that configuration: its declarations and its values (gate.loaders.plan_match, gate.loaders.plan_values;
https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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


OPEN_CHANGE = {
    "address": "aws_security_group.web",
    "mode": "managed",
    "type": "aws_security_group",
    "name": "web",
    "change": {
        "actions": ["create"],
        "before": None,
        "after_unknown": {"id": True},
        "after": {
            "ingress": [
                {
                    "from_port": 22,
                    "to_port": 22,
                    "protocol": "tcp",
                    "self": False,
                    "cidr_blocks": ["0.0.0.0/0"],
                    "ipv6_cidr_blocks": [],
                }
            ]
        },
    },
}
VOLUME_CHANGE = {
    "address": "module.db.aws_ebs_volume.v",
    "mode": "managed",
    "type": "aws_ebs_volume",
    "name": "v",
    "module_address": "module.db",
    "change": {
        "actions": ["create"],
        "before": None,
        "after_unknown": {"kms_key_id": True},
        "after": {"availability_zone": "a", "size": 1, "encrypted": True, "type": "gp3"},
    },
}
WRITTEN: dict[str, dict[str, object]] = {
    "aws_security_group.web": {
        "ingress": {
            "constant_value": [
                {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "self": None}
            ]
        }
    },
    "module.db.aws_ebs_volume.v": {
        "availability_zone": {"constant_value": "a"},
        "size": {"constant_value": 1},
        "encrypted": {"constant_value": True},
    },
}


def project(
    tmp_path: Path, configuration: dict[str, object] | None, changes: tuple[object, ...] = (SAFE_CHANGE,)
) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "db").mkdir()
    (tmp_path / "main.tf").write_text(MAIN_TF, encoding="utf-8")
    (tmp_path / "db" / "main.tf").write_text(DB_TF, encoding="utf-8")
    plan: dict[str, object] = {"format_version": "1.2", "resource_changes": list(changes)}
    if configuration is not None:
        plan["configuration"] = configuration
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    return tmp_path


def its_plan(
    tmp_path: Path,
    changes: tuple[object, ...] = (OPEN_CHANGE, VOLUME_CHANGE),
    written: dict[str, dict[str, object]] | None = None,
) -> Path:
    """The folder with the plan of its configuration: its declarations, and the expressions its code writes."""
    written = WRITTEN if written is None else written
    configuration = configured("aws_security_group.web", "data.aws_caller_identity.me", calls=("db",))
    root: Any = configuration["root_module"]
    for resource in root["resources"]:
        resource["expressions"] = written.get(resource["address"], {})
    root["module_calls"]["db"]["module"] = {
        "resources": [
            {
                "address": "aws_ebs_volume.v",
                "mode": "managed",
                "type": "aws_ebs_volume",
                "name": "v",
                "expressions": written.get("module.db.aws_ebs_volume.v", {}),
            }
        ]
    }
    return project(tmp_path, configuration, changes)


def formats_and_notices(root: Path, *named: str, stage: str | None = None) -> tuple[set[str], list[str]]:
    run = scan(ScanOptions(paths=[root / p for p in named], cwd=root, environ={}, parse_cache=False, stage=stage))
    return {r.resource.format for r in run.results if r.policy_id == "GATE-NET-001"}, run.notices


def test_the_plan_the_deploy_stage_names_stands_for_its_folder(tmp_path: Path) -> None:
    formats, notices = formats_and_notices(its_plan(tmp_path), ".", "plan.json", stage="deploy")
    assert formats == {"terraform-plan"}
    assert ".: judged through its plan (plan.json), not as HCL" in notices


@pytest.mark.parametrize(
    ("stage", "named"), [("pre-commit", ()), ("pr", ()), ("pr", (".", "plan.json")), ("deploy", ())]
)
def test_a_plan_in_the_tree_never_stands_for_its_folder(tmp_path: Path, stage: str, named: tuple[str, ...]) -> None:
    # Found in the scanned tree, or at a stage before deploy, a plan was written by the pull request.
    formats, notices = formats_and_notices(its_plan(tmp_path), *named, stage=stage)
    assert "terraform" in formats  # the HCL is judged (plan results that say no more than it are left out)
    assert (
        "plan.json: a plan in the scanned tree is judged beside .'s HCL, never instead of it (only the plan the "
        "deploy stage names stands for its folder): the plan and the folder's HCL are both judged"
    ) in notices


def test_a_stale_plan_of_the_same_declarations_is_judged_beside_the_hcl(tmp_path: Path) -> None:
    stale = {**WRITTEN, "aws_security_group.web": {"ingress": {"constant_value": [{"cidr_blocks": ["10.0.0.0/8"]}]}}}
    root = its_plan(tmp_path, (SAFE_CHANGE, VOLUME_CHANGE), stale)
    formats, notices = formats_and_notices(root, ".", "plan.json", stage="deploy")
    assert "terraform" in formats  # the HCL is judged (plan results that say no more than it are left out)
    assert (
        "plan.json: its values are not those of .'s HCL (aws_security_group.web.ingress): the plan and the "
        "folder's HCL are both judged"
    ) in notices


def test_an_argument_the_plan_wrote_and_the_hcl_no_longer_writes_is_a_difference(tmp_path: Path) -> None:
    # The plan's code set a volume type the HCL no longer sets: its value now is the provider's default.
    written = {
        **WRITTEN,
        "module.db.aws_ebs_volume.v": {**WRITTEN["module.db.aws_ebs_volume.v"], "type": {"constant_value": "gp3"}},
    }
    formats, notices = formats_and_notices(its_plan(tmp_path, written=written), ".", "plan.json", stage="deploy")
    assert "terraform" in formats  # the HCL is judged (plan results that say no more than it are left out)
    assert any("its values are not those of .'s HCL (module.db.aws_ebs_volume.v.type)" in n for n in notices), notices


def test_a_plan_missing_a_resource_of_the_hcl_is_a_difference(tmp_path: Path) -> None:
    formats, notices = formats_and_notices(its_plan(tmp_path, (OPEN_CHANGE,)), ".", "plan.json", stage="deploy")
    assert "terraform" in formats  # the HCL is judged (plan results that say no more than it are left out)
    assert any("(the plan has no module.db.aws_ebs_volume.v)" in n for n in notices), notices


def test_a_plan_of_another_configuration_is_judged_beside_the_hcl(tmp_path: Path) -> None:
    root = project(tmp_path, configured("aws_security_group.web", "aws_instance.extra", calls=("db",)))
    formats, notices = formats_and_notices(root)
    assert "terraform" in formats  # the HCL is judged (plan results that say no more than it are left out)
    assert (
        "plan.json: not the plan of . (its configuration lacks data.aws_caller_identity.me; it configures "
        "aws_instance.extra, which the folder does not declare): the plan and the folder's HCL are both judged"
    ) in notices


def test_a_plan_without_configuration_never_stands_for_a_folder(tmp_path: Path) -> None:
    formats, notices = formats_and_notices(project(tmp_path, None))
    assert "terraform" in formats  # the HCL is judged (plan results that say no more than it are left out)
    assert any(
        n.startswith(
            "plan.json: not the plan of . (its configuration lacks aws_security_group.web, "
            "data.aws_caller_identity.me, module.db)"
        )
        for n in notices
    ), notices


STALE = Path(__file__).resolve().parents[1] / "bypass" / "attack3-plan-stale-values-stand-for-hcl"


def test_a_real_plan_stands_for_the_code_it_was_made_from_and_no_other(tmp_path: Path) -> None:
    # plan.json is `terraform show -json` of main.tf with SSH from 10.0.0.0/8 (AWS provider 5.100.0); the pull
    # request then opened it to 0.0.0.0/0.
    (tmp_path / ".git").mkdir()
    for name in ("main.tf", "provider.tf", "plan.json"):
        (tmp_path / name).write_text((STALE / name).read_text(encoding="utf-8"), encoding="utf-8")
    formats, notices = formats_and_notices(tmp_path, ".", "plan.json", stage="deploy")
    assert "terraform" in formats  # the HCL is judged (plan results that say no more than it are left out)
    assert any("its values are not those of .'s HCL (aws_security_group.bastion.ingress)" in n for n in notices), (
        notices
    )
    opened = (tmp_path / "main.tf").read_text(encoding="utf-8")
    (tmp_path / "main.tf").write_text(opened.replace("0.0.0.0/0", "10.0.0.0/8"), encoding="utf-8")
    formats, notices = formats_and_notices(tmp_path, ".", "plan.json", stage="deploy")
    assert formats == {"terraform-plan"}
    assert ".: judged through its plan (plan.json), not as HCL" in notices
