"""scripts/precision/check.py re-checks hand judgements against a new scan: what is judged, what is new, what
is gone and what fell below high. A real tree, the real scan."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "precision" / "check.py"

SSH_OPEN = """resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "alb" {
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precision_check", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["precision_check"] = module
    spec.loader.exec_module(module)
    return module


def test_judgements_are_rechecked_against_a_new_scan(tmp_path: Path) -> None:
    check = load_script()
    corpus = tmp_path / "corpus" / "infra"
    corpus.mkdir(parents=True)
    (corpus / "main.tf").write_text(SSH_OPEN)
    judgements = tmp_path / "judgements.yaml"
    judgements.write_text(
        "judgements:\n"
        "  - {policy: GATE-NET-001, root: 'terraform:infra', file: infra/main.tf, address: aws_security_group.bastion,\n"
        "     verdict: 'true', reason: SSH open to the internet}\n"
        "  - {policy: GATE-NET-001, root: 'terraform:infra', file: infra/main.tf, address: aws_security_group.gone,\n"
        "     verdict: arguable, reason: removed since}\n"
    )
    judged = check.load_judgements(judgements)
    run = check.scan_corpus(tmp_path / "corpus")
    report = check.compare(run, judged)
    # the all-ports group is one finding (its SSH, RDP... findings are told under it), and nobody judged it
    assert [(r.policy_id, r.resource.address) for r in report.unjudged] == [("GATE-NET-003", "aws_security_group.alb")]
    assert [j.address for j in report.gone] == ["aws_security_group.gone"]
    assert report.folded == 6
    text = check.table(report, judged)
    assert "| GATE-NET-001 | critical | 1 | 1 | 0 | 0 | 0 |" in text
    assert "not met" in text and "1 not judged" in text
    stubs = check.stubs(report.unjudged)["judgements"]
    assert stubs[0]["policy"] == "GATE-NET-003" and stubs[0]["verdict"] == ""
    # a severity lowered in configuration: the judged finding no longer counts, and is listed as such
    (tmp_path / "corpus" / ".gate.yaml").write_text("policies:\n  severity:\n    GATE-NET-001: medium\n")
    lowered = check.compare(check.scan_corpus(tmp_path / "corpus"), judged)
    assert [(j.address, r.severity.value) for j, r in lowered.lowered] == [("aws_security_group.bastion", "medium")]


def test_a_judgement_without_a_verdict_or_reason_is_refused(tmp_path: Path) -> None:
    check = load_script()
    judgements = tmp_path / "judgements.yaml"
    judgements.write_text(
        "judgements:\n  - {policy: GATE-NET-001, file: a.tf, address: x, verdict: maybe, reason: r}\n"
    )
    with pytest.raises(SystemExit, match=r"a verdict \(true, arguable, false\) and a reason are required"):
        check.load_judgements(judgements)
