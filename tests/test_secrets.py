"""Sensitive values stay ``(sensitive)`` from the HCL that declares them to every report and ticket.

Terraform redacts a ``sensitive = true`` variable or output, and every value computed from one, in its own
output (https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output,
https://developer.hashicorp.com/terraform/language/values/outputs#sensitive-suppressing-values-in-cli-output);
so does the gate: the attribute that reads one, directly or through a local, a module input or output, or
another resource's attribute, is sensitive (Resource.sensitive), and its value is never printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from gate.loaders.inputs import Display, load_inputs
from gate.options import ScanOptions
from gate.values import Unknown

SECRET = "hunter2-s3cr3t"

MAIN = """variable "note" {
  type      = string
  sensitive = %s
  default   = "%s"
}

locals {
  note = "office: ${var.note}"
}

module "sg" {
  source = "./mod"
  note   = local.note
}

resource "aws_security_group" "direct" {
  name = "direct"
  ingress {
    description = local.note
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "copied" {
  name = "copied"
  ingress {
    description = aws_security_group.direct.ingress[0].description
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "from_output" {
  name = "from-output"
  ingress {
    description = module.sg.secret
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "broken" {
  name = "broken"
  ingress {
    description = "x"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [cidrsubnet(var.note, 4, 1)]
  }
}

resource "aws_lb_listener" "web" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/x/1"
  port              = 80
  protocol          = local.note
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/1"
  }
}
"""

MODULE = """variable "note" {}

output "secret" {
  value     = "plain"
  sensitive = true
}

resource "aws_security_group" "this" {
  name = "m"
  ingress {
    description = var.note
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb_listener" "inner" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/x/1"
  port              = 80
  protocol          = var.note
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/1"
  }
}
"""


def tree(root: Path, sensitive: bool) -> Path:
    (root / "mod").mkdir(parents=True)
    (root / "main.tf").write_text(MAIN % ("true" if sensitive else "false", SECRET))
    (root / "mod" / "main.tf").write_text(MODULE)
    return root


def reasons(value: Any) -> list[str]:
    """The reasons of the unknown values in ``value``."""
    if isinstance(value, Unknown):
        return [value.reason]
    if isinstance(value, dict):
        return [r for v in value.values() for r in reasons(v)]
    if isinstance(value, list):
        return [r for v in value for r in reasons(v)]
    return []


def test_an_error_on_a_plain_value_quotes_it(tmp_path: Path) -> None:
    root = tree(tmp_path, sensitive=False)
    resources = load_inputs(ScanOptions(paths=[root], cwd=root, parse_cache=False, environ={}), Display(root)).resources
    broken = next(r for r in resources if r.address == "aws_security_group.broken")
    assert any(SECRET in reason for reason in reasons(broken.attributes))
    assert [r.address for r in resources if r.sensitive] == [
        "aws_security_group.from_output"
    ]  # its output is sensitive


def test_attributes_that_read_a_sensitive_value_are_sensitive(tmp_path: Path) -> None:
    root = tree(tmp_path, sensitive=True)
    resources = load_inputs(ScanOptions(paths=[root], cwd=root, parse_cache=False, environ={}), Display(root)).resources
    sensitive = {r.address: r.sensitive for r in resources}
    assert sensitive["aws_security_group.direct"] == {"ingress"}  # through a local
    assert sensitive["module.sg.aws_security_group.this"] == {"ingress"}  # through a module input
    assert sensitive["aws_security_group.copied"] == {"ingress"}  # through another resource's attribute
    assert sensitive["aws_security_group.from_output"] == {"ingress"}  # a sensitive output
    assert sensitive["aws_lb_listener.web"] == sensitive["module.sg.aws_lb_listener.inner"] == {"protocol"}
    broken = next(r for r in resources if r.address == "aws_security_group.broken")
    assert reasons(broken.attributes) == [
        "this expression (on a sensitive value)"
    ]  # the error does not quote the value
    assert all(
        r.sensitive == frozenset()
        for r in resources
        if r.address.startswith("aws_security_group.")
        and r.address.split(".")[1] not in ("direct", "copied", "from_output", "broken")
    )


def gate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICY_GATE_", "GITHUB_", "CI_"))}
    return subprocess.run(
        [sys.executable, "-m", "gate", *args], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


def outputs(root: Path) -> str:
    """Everything the gate prints or writes about the tree: every report format, and the tickets."""
    report = root / "gate.json"
    printed = [
        gate(
            root,
            "scan",
            "--no-cache",
            "--stage",
            "pr",
            "--report",
            f"json={report}",
            "--report",
            f"sarif={root / 'gate.sarif'}",
            "--report",
            f"markdown={root / 'gate.md'}",
            "--report",
            f"junit={root / 'junit.xml'}",
        )
    ]
    printed += [gate(root, "scan", "--no-cache", "--stage", "pr", "--format", name) for name in ("text", "github")]
    printed.append(gate(root, "backlog", "sync", "--report", str(report), "--tracker", "file", "--include-blocking"))
    assert all(p.returncode in (0, 1) for p in printed), [p.stderr for p in printed]
    written = [
        p.read_text()
        for p in (report, root / "gate.sarif", root / "gate.md", root / "junit.xml", root / "gate-backlog.json")
    ]
    return "\n".join([*written, *(p.stdout + p.stderr for p in printed)])


def test_a_sensitive_value_is_in_no_report_and_no_ticket(tmp_path: Path) -> None:
    shown = outputs(tree(tmp_path / "plain", sensitive=False))
    assert SECRET in shown  # the same tree without `sensitive = true` shows it: the check below can fail
    hidden = outputs(tree(tmp_path / "sensitive", sensitive=True))
    assert SECRET not in hidden and "(sensitive)" in hidden
    assert json.loads((tmp_path / "sensitive" / "gate.json").read_text())["passed"] is False
