"""Checkov's results go through the gate's own decision: stages, severities from the mapping or configuration,
governed waivers, baselines, and inline skips honoured only where the stage honours them."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import TODAY, Scan, copy_fixture, govern, scan_both

from gate.model import Disposition, Result, Severity, Status
from gate.policies import LoadedPolicy


def checkov_only(scan: Scan) -> list[Result]:
    """The merged results of the Checkov checks alone (as with ``engines: [checkov]``), fresh copies."""
    return [copy.deepcopy(r) for r in scan.merged if r.policy_id.startswith("CKV")]


def test_a_critical_checkov_failure_blocks_through_the_normal_gating(
    project_scan: Scan, policies: list[LoadedPolicy]
) -> None:
    results = checkov_only(project_scan)
    passed, decision, _ = govern(results, policies, project_scan.run)
    assert passed is False
    blocking = sorted((r.policy_id, r.resource.address) for r in results if r.disposition is Disposition.BLOCK)
    assert blocking == [("CKV_AWS_1", "data.aws_iam_policy_document.admin"), ("CKV_AWS_41", "provider.aws")]
    assert decision.startswith("BLOCKED: 2 blocking results (critical)")
    backlog = {r.severity for r in results if r.disposition is Disposition.BACKLOG}
    assert backlog == {Severity.HIGH, Severity.MEDIUM, Severity.LOW}


def test_configuration_severities_replace_the_mapping(project_scan: Scan, policies: list[LoadedPolicy]) -> None:
    results = checkov_only(project_scan)
    overrides = {"CKV_AWS_41": Severity.HIGH, "CKV_AWS_1": Severity.HIGH}  # as policies.severity is applied
    for result in results:
        result.severity = overrides.get(result.policy_id, result.severity)
    passed, decision, _ = govern(results, policies, project_scan.run)
    assert passed is True, decision


def test_waivers_and_baselines_apply_to_checkov_results(
    tmp_path: Path, project_scan: Scan, policies: list[LoadedPolicy]
) -> None:
    results = checkov_only(project_scan)
    waivers = tmp_path / ".gate-waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - policy: CKV_AWS_41\n"
        "    resource: provider.aws\n"
        "    file: main.tf\n"
        "    reason: Example keys of the AWS documentation, kept for the provider tests\n"
        "    owner: team-platform\n"
        f"    expires: {(TODAY + dt.timedelta(days=30)).isoformat()}\n",
        encoding="utf-8",
    )
    admin = next(r for r in results if r.policy_id == "CKV_AWS_1")
    baseline = tmp_path / "baseline.json"
    entry = {
        "fingerprint": admin.fingerprint,
        "policy_id": "CKV_AWS_1",
        "address": admin.resource.address,
        "file": "main.tf",
    }
    baseline.write_text(json.dumps({"format_version": 1, "tool": "policy-gate", "entries": [entry]}), encoding="utf-8")
    passed, decision, governance = govern(results, policies, project_scan.run, waivers=waivers, baseline=baseline)
    assert passed is True, (decision, governance.notices)
    keys = next(r for r in results if r.policy_id == "CKV_AWS_41" and r.location.file == "main.tf")
    assert keys.status is Status.WAIVED and keys.suppression is not None and keys.suppression.owner == "team-platform"
    assert (admin.status, admin.disposition, admin.baseline) == (Status.FAILED, Disposition.BACKLOG, True)


def test_skips_are_honoured_at_pr_and_ignored_by_the_decision(project_scan: Scan, policies: list[LoadedPolicy]) -> None:
    results = checkov_only(project_scan)
    govern(results, policies, project_scan.run)
    skipped = [r for r in results if r.policy_id == "CKV_AWS_18" and r.status is Status.SUPPRESSED]
    assert {r.resource.address for r in skipped} == {"aws_s3_bucket.logs", "Logs"}
    assert {r.disposition for r in skipped} == {Disposition.IGNORE}


@pytest.fixture(scope="module")
def deploy_scan(tmp_path_factory: pytest.TempPathFactory, checkov: str, policies: list[LoadedPolicy]) -> Scan:
    # CKV_AWS_18 made critical: at deploy, an inline skip does not set aside a result that would block.
    root = copy_fixture("project", tmp_path_factory.mktemp("deploy"))
    return scan_both(root, checkov, policies, stage="deploy", severity={"CKV_AWS_18": Severity.CRITICAL})


def test_at_deploy_a_skip_of_a_blocking_check_is_not_honoured(deploy_scan: Scan, policies: list[LoadedPolicy]) -> None:
    reopened = deploy_scan.checkov("CKV_AWS_18")
    assert {(r.resource.address, r.status, r.severity) for r in reopened if r.status is not Status.PASSED} == {
        ("aws_s3_bucket.logs", Status.UNKNOWN, Severity.CRITICAL),
        ("Logs", Status.UNKNOWN, Severity.CRITICAL),
    }
    assert any("main.tf:26: checkov:skip=CKV_AWS_18 is not honoured at stage deploy" in n for n in deploy_scan.notices)
    results = [copy.deepcopy(r) for r in deploy_scan.merged]
    passed, _, _ = govern(results, policies, deploy_scan.run, stage="deploy")
    assert passed is False
    assert {r.disposition for r in results if r.policy_id == "CKV_AWS_18" and r.status is Status.UNKNOWN} == {
        Disposition.BLOCK
    }
