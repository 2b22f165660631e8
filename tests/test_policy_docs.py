"""docs/policies.md is generated from the policy files and must be current; explain shows a policy whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gate.policies import builtin_dir, load_policies
from gate.policy_docs import catalogue

REPO = Path(__file__).resolve().parents[1]


def test_policies_md_is_current() -> None:
    expected = catalogue(load_policies([builtin_dir()]))
    current = (REPO / "docs" / "policies.md").read_text(encoding="utf-8")
    assert current == expected, "docs/policies.md is stale: run `gate policies docs > docs/policies.md`"


def test_explain_shows_remediation_per_format_and_examples() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "gate", "explain", "GATE-NET-001"], capture_output=True, text=True, cwd=REPO
    )
    assert completed.returncode == 0
    out = completed.stdout
    assert out.startswith("GATE-NET-001: Security group allows SSH from the internet\n")
    assert "Terraform resources:" in out and "CloudFormation resources:" in out
    assert out.count("  Remediation:") == 2
    assert "Fails: fail.tf" in out and "Passes: pass.yaml" in out
    missing = subprocess.run(
        [sys.executable, "-m", "gate", "explain", "GATE-NOPE"], capture_output=True, text=True, cwd=REPO
    )
    assert missing.returncode == 2 and "no policy 'GATE-NOPE'" in missing.stderr


def test_policies_list_names_every_policy() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "gate", "policies", "list"], capture_output=True, text=True, cwd=REPO
    )
    listed = [line.split()[0] for line in completed.stdout.splitlines()]
    assert listed == sorted(p.policy.id for p in load_policies([builtin_dir()]))
