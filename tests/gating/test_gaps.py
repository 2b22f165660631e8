"""Evaluation gaps through the real scan: a value the gate cannot compute is decided like a failure at every
stage, with a notice naming it; a value unknown until apply is not (docs/values.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.model import Disposition, RunResult, Status

GAP_CIDR = """resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = nosuchfunction("only the description")
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [%s]
  }
}
"""


def scan_tf(tmp_path: Path, text: str, stage: str) -> RunResult:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    return scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}, stage=stage))


def ssh(run: RunResult) -> tuple[Status, Disposition, str | None]:
    (result,) = [r for r in run.results if r.policy_id == "GATE-NET-001"]
    return result.status, result.disposition, result.gap


@pytest.mark.parametrize("stage", ["pre-commit", "pr"])
def test_a_gap_blocks_at_every_stage_and_is_named(tmp_path: Path, stage: str) -> None:
    run = scan_tf(tmp_path, 'variable "cidr" {}\n' + GAP_CIDR % 'nosuchfunction("0.0.0.0/0")', stage)
    status, disposition, gap = ssh(run)
    assert (status, disposition) == (Status.UNKNOWN, Disposition.BLOCK)
    assert gap is not None and "nosuchfunction()" in gap
    assert any("nosuchfunction()" in notice and "main.tf" in notice for notice in run.notices)
    assert "cannot compute" in run.decision and not run.passed


def test_a_value_unknown_until_apply_is_ignored_at_pre_commit(tmp_path: Path) -> None:
    run = scan_tf(tmp_path, 'variable "cidr" {}\n' + GAP_CIDR % "var.cidr", "pre-commit")
    # a gap elsewhere in the resource (its description) is no cause of this result
    assert ssh(run) == (Status.UNKNOWN, Disposition.IGNORE, None)
    assert run.passed


def test_a_gap_that_decides_nothing_changes_nothing(tmp_path: Path) -> None:
    run = scan_tf(tmp_path, GAP_CIDR % '"10.0.0.0/8"', "pre-commit")
    assert ssh(run) == (Status.PASSED, Disposition.IGNORE, None)


def test_a_gap_in_a_policy_document_blocks(tmp_path: Path) -> None:
    role = """resource "aws_iam_role" "vendor" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = nosuchfunction("x") } }]
  })
}
"""
    run = scan_tf(tmp_path, role, "pre-commit")
    (trust,) = [r for r in run.results if r.policy_id == "GATE-PERM-011"]
    assert (trust.status, trust.disposition) == (Status.UNKNOWN, Disposition.BLOCK)
    assert trust.gap is not None
