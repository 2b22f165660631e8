"""Stages, configuration, inline skips, waivers and baselines, on real files and through the real CLI."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.errors import ConfigError, UsageError
from gate.model import Disposition, RunResult, Status

TODAY = dt.date(2026, 11, 23)

SSH_OPEN = """resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""
UNENCRYPTED = """resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}
"""
UNKNOWN_PUBLIC_DB = """variable "public" {}
resource "aws_db_instance" "db" {
  engine              = "postgres"
  storage_encrypted   = true
  publicly_accessible = var.public
}
"""


def project(tmp_path: Path, **files: str) -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)  # the scan root
    for name, text in files.items():
        path = tmp_path / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def run(root: Path, **kwargs: object) -> RunResult:
    kwargs.setdefault("today", TODAY)
    return scan(ScanOptions(paths=[root], cwd=root, environ={}, **kwargs))  # type: ignore[arg-type]


def of(result: RunResult, policy_id: str) -> list[tuple[str, Status, Disposition]]:
    return [(r.resource.address, r.status, r.disposition) for r in result.results if r.policy_id == policy_id]


def gate(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gate", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


# --- stages -------------------------------------------------------------------------------------------------
def test_default_stage_blocks_critical_and_backlogs_the_rest(tmp_path: Path) -> None:
    result = run(project(tmp_path, **{"main.tf": SSH_OPEN + UNENCRYPTED}))
    assert result.stage == "pr"
    assert of(result, "GATE-NET-001") == [("aws_security_group.bastion", Status.FAILED, Disposition.BLOCK)]
    assert of(result, "GATE-ENC-001") == [("aws_ebs_volume.data", Status.FAILED, Disposition.BACKLOG)]
    assert result.passed is False


@pytest.mark.parametrize(
    "stage,expected", [("pre-commit", Disposition.IGNORE), ("pr", Disposition.BACKLOG), ("deploy", Disposition.BLOCK)]
)
def test_unknown_results_per_stage(tmp_path: Path, stage: str, expected: Disposition) -> None:
    root = project(tmp_path, **{"main.tf": UNKNOWN_PUBLIC_DB})
    if stage == "deploy":  # deploy wants a plan: the same unknown, as a plan says it
        (root / "main.tf").unlink()
        plan = {
            "format_version": "1.2",
            "resource_changes": [
                {
                    "address": "aws_db_instance.db",
                    "mode": "managed",
                    "type": "aws_db_instance",
                    "name": "db",
                    "change": {
                        "actions": ["create"],
                        "after": {"engine": "postgres", "storage_encrypted": True},
                        "after_unknown": {"publicly_accessible": True},
                    },
                }
            ],
        }
        (root / "plan.json").write_text(json.dumps(plan))
    result = run(root, stage=stage)
    assert of(result, "GATE-NET-005") == [("aws_db_instance.db", Status.UNKNOWN, expected)]
    assert result.passed is (expected is not Disposition.BLOCK)


def test_deploy_expects_a_plan_not_hcl(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="expects a Terraform plan"):
        run(project(tmp_path, **{"main.tf": UNENCRYPTED}), stage="deploy")


def test_input_errors_block_in_every_stage(tmp_path: Path) -> None:
    root = project(tmp_path, **{"bad.tf": 'resource "aws_s3_bucket" "b" {\n'})
    for stage in ("pre-commit", "pr"):
        result = run(root, stage=stage)
        assert result.passed is False
        assert "could not be read" in result.decision


# --- configuration ----------------------------------------------------------------------------------------
def test_configured_stage_changes_and_new_stages(tmp_path: Path) -> None:
    config = """stages:
  pr:
    block_on: [critical, high]
  nightly:
    extends: deploy
    requires_plan: false
    block_on: []
"""
    root = project(tmp_path, **{"main.tf": UNENCRYPTED, ".gate.yaml": config})
    assert of(run(root), "GATE-ENC-001")[0][2] is Disposition.BLOCK
    nightly = run(root, stage="nightly")
    assert of(nightly, "GATE-ENC-001")[0][2] is Disposition.BACKLOG
    assert nightly.passed is True


def test_configuration_error_names_file_line_and_key(tmp_path: Path) -> None:
    config = "stages:\n  pr:\n    block_on:\n      - critical\n      - critcal\n"
    root = project(tmp_path, **{"main.tf": UNENCRYPTED, ".gate.yaml": config})
    completed = gate("scan", ".", cwd=root)
    assert completed.returncode == 2
    assert (
        completed.stderr.strip()
        == "gate: error: .gate.yaml:5: stages.pr.block_on[1]: 'critcal' is not a severity (expected critical, high, medium, low or info)"
    )


def test_unknown_keys_and_stages_are_errors(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": UNENCRYPTED, ".gate.yaml": "stages:\n  pr:\n    block: [high]\n"})
    with pytest.raises(ConfigError, match=r"^\.gate\.yaml:3: stages\.pr\.block: unknown key$"):
        run(root)
    (root / ".gate.yaml").write_text("stage: nightly\n")
    with pytest.raises(ConfigError, match="unknown stage 'nightly'"):
        run(root)


def test_pyproject_tool_gate_and_explicit_config(tmp_path: Path) -> None:
    root = project(
        tmp_path, **{"main.tf": UNENCRYPTED, "pyproject.toml": '[tool.gate.policies]\nexclude = ["encryption"]\n'}
    )
    assert of(run(root), "GATE-ENC-001") == []
    other = root / "strict.yaml"
    other.write_text("policies:\n  severity:\n    GATE-ENC-001: critical\n")
    result = run(root, config=other)
    assert of(result, "GATE-ENC-001") == [("aws_ebs_volume.data", Status.FAILED, Disposition.BLOCK)]
    assert result.policies["GATE-ENC-001"].severity.value == "critical"


def test_policy_selection_by_id_family_and_glob(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": SSH_OPEN + UNENCRYPTED, ".gate.yaml": "policies:\n  include: [network]\n"})
    assert {r.policy_id.split("-")[1] for r in run(root).results} == {"NET"}
    (root / ".gate.yaml").write_text(
        "policies:\n  include: ['GATE-NET-00*', GATE-ENC-001]\n  exclude: [GATE-NET-002]\n"
    )
    ids = {r.policy_id for r in run(root).results}
    assert {"GATE-NET-001", "GATE-ENC-001"} <= ids
    assert "GATE-NET-002" not in ids and "GATE-PERM-003" not in ids


def test_config_show_prints_the_effective_configuration(tmp_path: Path) -> None:
    root = project(tmp_path, **{".gate.yaml": "stages:\n  pr:\n    unknown: block\n"})
    completed = gate("config", "show", "--stage", "pr", cwd=root)
    assert completed.returncode == 0
    assert completed.stdout.startswith("# source: .gate.yaml\n")
    assert "unknown: block" in completed.stdout


def test_the_readme_configuration_example_is_valid() -> None:
    import re

    from gate import yamlnodes
    from gate.config import parse_settings

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("## Configuration") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    settings = parse_settings(yamlnodes.load(example.group(1), "README.md"), "README.md")
    assert [s.value for s in settings.profile("pr").block_on] == ["critical", "high"]
    assert settings.profile("nightly").block_on == [] and settings.profile("nightly").unknown == "backlog"


CUSTOM = """id: ACME-TAG-001
title: Volumes carry an owner tag
family: encryption
severity: high
description: Every volume says who owns it.
remediation: {terraform: Add tags.owner., cloudformation: Add an owner tag.}
targets:
  terraform:
    resource_types: [aws_ebs_volume]
    condition: {attr: tags.owner, exists: true}
"""


def test_custom_policy_folders_are_validated_like_built_in_ones(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "main.tf": UNENCRYPTED,
            ".gate.yaml": "policies:\n  paths: [security]\n",
            "security__acme__ACME-TAG-001.yaml": CUSTOM,
        },
    )
    assert of(run(root), "ACME-TAG-001") == [("aws_ebs_volume.data", Status.FAILED, Disposition.BACKLOG)]
    (root / "security" / "acme" / "ACME-TAG-001.yaml").write_text(CUSTOM.replace("exists: true", "exist: true"))
    completed = gate("scan", ".", cwd=root)
    assert completed.returncode == 2
    assert completed.stderr.startswith("gate: error: security/acme/ACME-TAG-001.yaml:10: unknown operator 'exist'")
