"""Real infrastructure code written by other projects (../shared/corpus): every file scans without a crash.

These tests skip, loudly, when the corpus is not beside the checkout; .ci/run runs them when it is.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from gate.api import ScanOptions, scan
from gate.model import INPUT_ERROR_ID, RunResult, Status


def run(corpus: Path, folder: str) -> RunResult:
    return scan(ScanOptions(paths=[corpus / folder], cwd=corpus, environ={}))


def assert_no_policy_crashed(result: RunResult) -> None:
    crashed = [r for r in result.results if r.status is Status.ERROR and r.policy_id != INPUT_ERROR_ID]
    assert not crashed, [f"{r.policy_id} {r.resource.address}: {r.message}" for r in crashed]


def test_plans_load_without_errors(corpus: Path) -> None:
    result = run(corpus, "plans")
    assert result.errors == []
    assert_no_policy_crashed(result)
    formats = {r.resource.format for r in result.results}
    assert formats == {"terraform-plan"}
    assert len(result.results) > 100


def test_terragoat_yields_what_the_readme_says(corpus: Path) -> None:
    result = run(corpus, "goat")
    assert result.errors == []
    assert_no_policy_crashed(result)
    assert result.passed is False
    blocking = {(r.policy_id, r.resource.address) for r in result.results if r.disposition.value == "block"}
    assert blocking == {
        ("GATE-NET-005", "aws_db_instance.default"),
        ("GATE-NET-001", "aws_security_group.web-node"),
        # es.tf: the domain policy lets Principal "*" do es:* on a domain with a public endpoint
        ("GATE-PERM-030", "aws_elasticsearch_domain_policy.monitoring-framework-policy"),
    }
    backlog = Counter(r.policy_id for r in result.results if r.disposition.value == "backlog")
    # The findings the README names; the wider library adds more backlog items beside them.
    # Its buckets declare no public access block: AWS's default since April 2023, advice (GATE-PERM-035, low).
    assert {k: backlog[k] for k in ("GATE-ENC-002", "GATE-PERM-035", "GATE-PERM-004", "GATE-ENC-001")} == {
        "GATE-ENC-002": 10,
        "GATE-PERM-035": 6,
        "GATE-PERM-004": 0,
        "GATE-ENC-001": 1,
    }


def test_real_modules_and_templates_scan_without_crash(corpus: Path) -> None:
    result = run(corpus, "real")
    assert_no_policy_crashed(result)
    # The only unreadable inputs are templates written for Rain's pre-processor (Rain::Embed, Rain::Module),
    # which CloudFormation itself rejects until `rain pkg` has run.
    for error in result.errors:
        text = (corpus / error.file).read_text(encoding="utf-8")
        assert "Rain::" in text, f"{error.file}:{error.line}: {error.message}"
    terraform = [r for r in result.results if r.resource.format == "terraform"]
    cloudformation = [r for r in result.results if r.resource.format == "cloudformation"]
    assert terraform and cloudformation
