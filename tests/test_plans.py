"""Plan-aware evaluation: source lines, change actions, regressions, unknowns, and redaction in every report."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.model import RunResult, Status
from gate.reporters import REPORTERS, writer

PROJECT = Path(__file__).resolve().parent / "fixtures" / "plan_project"


def copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PROJECT, root)
    (root / ".git").mkdir()
    return root


def run(root: Path, *paths: str, **kwargs: object) -> RunResult:
    return scan(ScanOptions(paths=[root / p for p in paths], cwd=root, environ={}, **kwargs))  # type: ignore[arg-type]


def result_of(run_result: RunResult, policy_id: str, address: str):  # type: ignore[no-untyped-def]
    return next(r for r in run_result.results if r.policy_id == policy_id and r.resource.address == address)


def test_plan_results_point_at_the_terraform_source(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    result = run(root, "plan.json", stage="deploy")
    db = result_of(result, "GATE-NET-005", "module.db[0].aws_db_instance.main")
    assert (db.location.file, db.location.start_line, db.location.end_line) == ("modules/db/main.tf", 1, 6)
    assert [(c.file, c.start_line, c.end_line) for c in db.module_calls] == [("main.tf", 1, 4)]  # module "db" {...}
    assert db.resource.format == "terraform-plan"
    volume = result_of(result, "GATE-ENC-001", "aws_ebs_volume.data")
    assert (volume.location.file, volume.location.start_line) == ("main.tf", 6)


def test_without_sources_results_point_at_the_plan(tmp_path: Path) -> None:
    (tmp_path / "plan.json").write_text((PROJECT / "plan.json").read_text())
    result = run(tmp_path, "plan.json")
    volume = result_of(result, "GATE-ENC-001", "aws_ebs_volume.data")
    assert volume.location.file == "plan.json"
    lines = (tmp_path / "plan.json").read_text().splitlines()
    assert '"address": "aws_ebs_volume.data"' in lines[volume.location.start_line - 1]


def test_a_plan_in_the_tree_is_judged_beside_its_folder_never_instead(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    result = run(root, ".")
    formats = {r.resource.format for r in result.results}
    assert formats == {"terraform-plan", "terraform"}
    assert any("a plan in the scanned tree is judged beside .'s HCL, never instead of it" in n for n in result.notices)


def test_a_named_plan_whose_values_are_not_the_hcl_is_judged_beside_it(tmp_path: Path) -> None:
    # The fixture's plan does not know publicly_accessible, which main.tf's module sets to false.
    result = run(copy_project(tmp_path), ".", "plan.json", stage="deploy")
    assert {r.resource.format for r in result.results} == {"terraform-plan", "terraform"}
    assert (
        "plan.json: its values are not those of .'s HCL (module.db[0].aws_db_instance.main.publicly_accessible): "
        "the plan and the folder's HCL are both judged"
    ) in result.notices


def test_deleted_resources_are_not_judged(tmp_path: Path) -> None:
    result = run(copy_project(tmp_path), "plan.json")
    assert not [r for r in result.results if r.resource.address == "aws_security_group.old"]


def test_unknown_values_say_which_attribute_and_count_as_set(tmp_path: Path) -> None:
    result = run(copy_project(tmp_path), "plan.json", stage="deploy")
    db = result_of(result, "GATE-NET-005", "module.db[0].aws_db_instance.main")
    assert db.status is Status.UNKNOWN
    assert "publicly_accessible is known only after apply" in db.message
    assert db.disposition.value == "block"  # deploy: unknown on a critical policy blocks


def test_an_update_that_disables_encryption_is_a_regression(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    volume = result_of(run(root, "plan.json"), "GATE-ENC-001", "aws_ebs_volume.data")
    assert volume.status is Status.FAILED and volume.regression
    assert volume.message.startswith("Regression: this change makes it fail.")
    assert [(e.attribute, e.value, e.before) for e in volume.evidence] == [("encrypted", False, True)]
    assert volume.severity.value == "high"
    (root / ".gate.yaml").write_text("regression_severity: critical\n")
    raised = result_of(run(root, "plan.json"), "GATE-ENC-001", "aws_ebs_volume.data")
    assert raised.severity.value == "critical" and raised.disposition.value == "block"


SECRET = "PLANTED-s3cr3t-9f8e7d"
CUSTOM = """id: ACME-KEY-001
title: Database uses a KMS key and a long password
family: encryption
severity: high
description: Keys are ARNs of KMS keys; passwords are long.
remediation: {terraform: Use a KMS key ARN and a 20-character password., cloudformation: Same.}
targets:
  terraform:
    resource_types: [aws_db_instance]
    condition:
      all:
        - {attr: kms_key_id, matches: "^arn:aws:kms:"}
        - {attr: password, matches: "^.{40,}$"}
"""


def test_sensitive_values_never_reach_any_report(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "policies" / "acme").mkdir(parents=True)
    (tmp_path / "policies" / "acme" / "ACME-KEY-001.yaml").write_text(CUSTOM)
    (tmp_path / ".gate.yaml").write_text("policies:\n  paths: [policies]\n")
    plan = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_db_instance.db",
                "mode": "managed",
                "type": "aws_db_instance",
                "name": "db",
                "change": {
                    "actions": ["update"],
                    "before": {
                        "kms_key_id": f"arn:aws:kms:eu-west-1:111122223333:key/{SECRET}",
                        "password": SECRET * 3,
                    },
                    "after": {"kms_key_id": f"{SECRET}-not-an-arn", "password": SECRET},
                    "after_unknown": {},
                    "after_sensitive": {"kms_key_id": True, "password": True},
                    "before_sensitive": {"kms_key_id": True, "password": True},
                },
            }
        ],
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    (tmp_path / "hcl").mkdir()
    (tmp_path / "hcl" / "main.tf").write_text(
        f'resource "aws_db_instance" "hcl" {{\n  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"\n  password = "{SECRET}"\n}}\n'
    )  # in HCL, an attribute whose name says secret is sensitive
    result = scan(ScanOptions(paths=[tmp_path / "plan.json", tmp_path / "hcl"], cwd=tmp_path, environ={}))
    custom = [r for r in result.results if r.policy_id == "ACME-KEY-001"]
    assert {r.status for r in custom} == {Status.FAILED} and len(custom) == 2
    hcl = next(r for r in custom if r.resource.address == "aws_db_instance.hcl")
    assert [(e.attribute, e.value) for e in hcl.evidence] == [("password", "(sensitive)")]
    for name in REPORTERS:
        assert SECRET not in writer(name)(result), f"{name} report leaks a sensitive value"
    completed = subprocess.run(
        [sys.executable, "-m", "gate", "scan", "plan.json", "hcl", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert SECRET not in completed.stdout + completed.stderr
    assert "(sensitive)" in completed.stdout


@pytest.mark.parametrize(
    "name", ["checkov__tests__terraform__runner__resources__plan_nested_child_modules_with_connections__tfplan.json"]
)
def test_real_plan_addresses_match_terraform(corpus: Path, name: str, tmp_path: Path) -> None:
    shutil.copy(corpus / "plans" / name, tmp_path / "plan.json")
    result = scan(ScanOptions(paths=[tmp_path / "plan.json"], cwd=tmp_path, environ={}))
    addresses = {r.resource.address for r in result.results}
    plan = json.loads((tmp_path / "plan.json").read_text())
    expected = {
        c["address"]
        for c in plan["resource_changes"]
        if c["change"]["actions"] != ["delete"] and c["mode"] == "managed"
    }
    assert addresses and addresses <= expected


def _instance_changes(key: str, port: int, suffix: str) -> list[dict[str, object]]:
    module = f'module.svc["{key}"]'
    group = {
        "address": f"{module}.aws_security_group.this{suffix}",
        "module_address": module,
        "mode": "managed",
        "type": "aws_security_group",
        "name": "this",
        "change": {
            "actions": ["create"],
            "before": None,
            "after": {"name": key, "ingress": [], "egress": []},
            "after_unknown": {"id": True},
        },
    }
    rule = {
        "address": f"{module}.aws_security_group_rule.in",
        "module_address": module,
        "mode": "managed",
        "type": "aws_security_group_rule",
        "name": "in",
        "change": {
            "actions": ["create"],
            "before": None,
            "after": {
                "type": "ingress",
                "from_port": port,
                "to_port": port,
                "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"],
            },
            "after_unknown": {"security_group_id": True},
        },
    }
    return [group, rule]


@pytest.mark.parametrize("suffix", ["", "[0]"])  # the group with count: the reference names all its instances
def test_rules_in_a_module_instance_belong_to_that_instance_only(tmp_path: Path, suffix: str) -> None:
    """The configuration names ``aws_security_group.this`` from inside the module; in a plan with two
    instances of it, each rule belongs to its own instance's group, not to both."""
    config = {
        "root_module": {
            "module_calls": {
                "svc": {
                    "module": {
                        "resources": [
                            {
                                "address": "aws_security_group.this",
                                "mode": "managed",
                                "type": "aws_security_group",
                                "name": "this",
                                "expressions": {"name": {"references": ["var.name"]}},
                            },
                            {
                                "address": "aws_security_group_rule.in",
                                "mode": "managed",
                                "type": "aws_security_group_rule",
                                "name": "in",
                                "expressions": {
                                    "security_group_id": {
                                        "references": ["aws_security_group.this.id", "aws_security_group.this"]
                                    }
                                },
                            },
                        ]
                    }
                }
            }
        }
    }
    changes = _instance_changes("open", 22, suffix) + _instance_changes("web", 443, suffix)
    plan = {"format_version": "1.2", "resource_changes": changes, "configuration": config}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    # The HCL the plan was made from proves that each rule's security_group_id is its group's id as is (a plan
    # keeps an expression's references, not the expression: gate.loaders.plan_identity).
    count, index = ("count = 1\n", "[0]") if suffix else ("", "")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "main.tf").write_text(
        'variable "name" {}\nvariable "port" {}\n'
        f'resource "aws_security_group" "this" {{\n{count}name = var.name\n}}\n'
        'resource "aws_security_group_rule" "in" {\n'
        f"security_group_id = aws_security_group.this{index}.id\n"
        'type = "ingress"\nfrom_port = var.port\nto_port = var.port\nprotocol = "tcp"\ncidr_blocks = ["0.0.0.0/0"]\n}\n'
    )
    (tmp_path / "main.tf").write_text(
        'module "svc" {\nfor_each = {open = 22, web = 443}\nsource = "./svc"\nname = each.key\nport = each.value\n}\n'
    )
    run = scan(ScanOptions(paths=[tmp_path / "plan.json"], cwd=tmp_path, environ={}))
    failed = {r.resource.address for r in run.results if r.status is Status.FAILED and r.family == "network"}
    assert failed == {f'module.svc["open"].aws_security_group.this{suffix}'}
    (tmp_path / "main.tf").unlink()  # without it, the rule is not proven to be the group's: judged by itself
    (tmp_path / "svc" / "main.tf").unlink()
    run = scan(ScanOptions(paths=[tmp_path / "plan.json"], cwd=tmp_path, environ={}))
    failed = {r.resource.address for r in run.results if r.status is Status.FAILED and r.family == "network"}
    assert failed == {'module.svc["open"].aws_security_group_rule.in'}


def test_a_relation_in_a_plan_is_proven_only_by_hcl_naming_exactly_its_references(tmp_path: Path) -> None:
    """A plan keeps an expression's references, not the expression: bucket = coalesce(aws_s3_bucket.logs.id,
    aws_s3_bucket.data.id) refers to both buckets and is the logs bucket. HCL beside it that claims
    ``aws_s3_bucket.data.id`` as is names other references than the plan: it proves nothing, and the data bucket's
    public ACL is not covered by that public access block. The same HCL with the plan of exactly that expression
    proves the relation."""
    case = Path(__file__).parent / "bypass" / "attack3-s3-pab-derived-bucket-reference-plan"
    plan = json.loads((case / "plan.json").read_text(encoding="utf-8"))
    honest_hcl = (
        (case / "main.tf")
        .read_text(encoding="utf-8")
        .replace("coalesce(aws_s3_bucket.logs.id, aws_s3_bucket.data.id)", "aws_s3_bucket.data.id")
    )
    (tmp_path / "main.tf").write_text(honest_hcl, encoding="utf-8")
    shutil.copy(case / "provider.tf", tmp_path / "provider.tf")

    def public_data_bucket() -> bool:
        (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
        run = scan(ScanOptions(paths=[tmp_path / "plan.json"], cwd=tmp_path, environ={}, stage="deploy"))
        return any(r.policy_id == "GATE-PERM-001" and r.status is Status.FAILED for r in run.results)

    assert public_data_bucket()  # the HCL lies about the plan's expression
    for resource in plan["configuration"]["root_module"]["resources"]:
        if resource["address"] == "aws_s3_bucket_public_access_block.logs":
            resource["expressions"]["bucket"] = {"references": ["aws_s3_bucket.data.id", "aws_s3_bucket.data"]}
    assert not public_data_bucket()
