"""GitLab's reports: Code Quality with the fields GitLab requires and no byte-order mark, and the SAST report
against its 15.0.x schema, with stable vulnerability ids."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema

from gate.model import RunResult, Status
from gate.reporters import ReportOptions, gitlab_codequality, gitlab_sast, writer
from gate.reporters._common import where

OPEN = (Status.FAILED, Status.UNKNOWN, Status.ERROR)
STARTED = dt.datetime(2026, 1, 15, 9, 30, 0, tzinfo=dt.UTC)
FINISHED = dt.datetime(2026, 1, 15, 9, 30, 7, tzinfo=dt.UTC)


def sast(run: RunResult, **options: Any) -> dict[str, Any]:
    text = writer("gitlab-sast", ReportOptions(scan_started=STARTED, scan_finished=FINISHED, **options))(run)
    report: dict[str, Any] = json.loads(text)
    return report


def test_code_quality_has_the_fields_gitlab_requires(run: RunResult, tmp_path: Path) -> None:
    text = gitlab_codequality.render(run)
    path = tmp_path / "gl-code-quality-report.json"
    path.write_text(text, encoding="utf-8")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and not text.startswith("\ufeff"), "no byte-order mark"
    issues = json.loads(raw.decode("utf-8"))
    assert isinstance(issues, list)
    shown = [r for r in run.results if r.status in OPEN]
    assert len(issues) == len(shown), "open results only: passed, waived and suppressed ones are left out"
    for issue, result in zip(issues, shown, strict=True):
        for field in ("description", "check_name", "fingerprint", "severity"):
            assert isinstance(issue[field], str) and issue[field], field
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["check_name"] == result.policy_id
        assert issue["location"]["path"] == result.location.file
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues), "fingerprints are unique in a report"
    severities = {(i["check_name"], i["severity"]) for i in issues}
    assert ("GATE-NET-001", "blocker") in severities and ("GATE-ENC-001", "major") in severities
    assert ("GATE-INPUT-ERROR", "blocker") in severities


def test_sast_report_is_valid_against_the_15_0_schema(run: RunResult, sast_schema: dict[str, Any]) -> None:
    report = sast(run)
    validator_class = jsonschema.validators.validator_for(sast_schema)
    validator_class.check_schema(sast_schema)
    errors = list(validator_class(sast_schema).iter_errors(report))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert report["version"].startswith("15.0.") and report["schema"].endswith(
        f"v{report['version']}/dist/sast-report-format.json"
    )


def test_sast_scan_and_vulnerabilities(run: RunResult) -> None:
    report = sast(run)
    scan = report["scan"]
    assert scan["type"] == "sast" and scan["status"] == "success"
    assert (scan["start_time"], scan["end_time"]) == ("2026-01-15T09:30:00", "2026-01-15T09:30:07")
    assert scan["analyzer"]["id"] == scan["scanner"]["id"] == "policy-gate"
    assert {i["value"] for i in scan["primary_identifiers"]} == set(run.policies) | {"GATE-INPUT-ERROR"}
    assert any("unexpected end of file" in m["value"] for m in scan["messages"])
    shown = [r for r in run.results if r.status in OPEN]
    vulnerabilities = report["vulnerabilities"]
    assert len(vulnerabilities) == len(shown)
    for vulnerability, result in zip(vulnerabilities, shown, strict=True):
        assert uuid.UUID(vulnerability["id"]) == uuid.uuid5(gitlab_sast.NAMESPACE, result.fingerprint)
        assert vulnerability["identifiers"][0]["value"] == result.policy_id, "the primary identifier is the policy id"
        assert vulnerability["name"] == result.title
        assert vulnerability["severity"] == result.severity.value.capitalize()
        # on the lines to change: the ingress block, not the whole group
        assert vulnerability["location"]["file"] == where(result).file
        assert vulnerability["location"]["start_line"] == where(result).start_line
        assert vulnerability["solution"]
    assert len({v["id"] for v in vulnerabilities}) == len(vulnerabilities)


def test_sast_ids_are_stable_across_scans(scan_inputs: Any) -> None:
    first = {v["id"] for v in sast(scan_inputs())["vulnerabilities"]}
    second = {v["id"] for v in sast(scan_inputs())["vulnerabilities"]}
    assert first == second


def test_sast_times_default_to_the_render_time(run: RunResult) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    report = json.loads(gitlab_sast.render(run))
    started = dt.datetime.strptime(report["scan"]["start_time"], "%Y-%m-%dT%H:%M:%S")
    assert before <= started <= before + dt.timedelta(minutes=1)
