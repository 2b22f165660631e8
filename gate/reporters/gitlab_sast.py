"""GitLab SAST report, schema 15.0.x (``artifacts:reports:sast``): the security dashboard and MR widget.

Each open result (failed, unknown until apply, or an input error, so that an unreadable file is seen here
too) is a vulnerability: a stable UUID ``id`` (uuid5 of the gate's fingerprint, so the same finding keeps its
id from run to run), ``name`` (the policy title, nothing finding-specific, as the schema asks),
``description`` (the policy's description and then this finding), ``solution`` (the remediation for the
input's format), ``identifiers`` (the policy id first: GitLab's primary identifier), ``location`` (file and
lines) and ``severity``. Waived and suppressed results are left out: the schema has no such state.

``scan`` names the gate as analyzer and scanner and carries the scan's start and end (the only report with
times, as the schema requires them; from ``ReportOptions``, else the render time), ``status`` ``success`` and
``primary_identifiers`` (every policy that produced a result, so GitLab can resolve vulnerabilities that are
gone). Input errors are also listed in ``scan.messages``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from gate.model import INPUT_ERROR_ID, PolicyInfo, Result, RunResult
from gate.reporters import ReportOptions
from gate.reporters._common import (
    OPEN,
    all_policies,
    covers_text,
    detail,
    findings,
    policy_of,
    remediation,
    told_under,
    unique_fingerprints,
    where,
)

SCHEMA_VERSION = "15.0.7"
SCHEMA_URL = (
    "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/"
    f"v{SCHEMA_VERSION}/dist/sast-report-format.json"
)
# uuid5 namespace of the gate's vulnerability ids: fixed forever, or every id changes.
NAMESPACE = uuid.UUID("7d2c6a43-3b4e-5f0a-9c1d-2e8f4b6a9d10")
IDENTIFIER_TYPE = "policy_gate_policy_id"
_TIME = "%Y-%m-%dT%H:%M:%S"


def vulnerability_id(fingerprint: str) -> str:
    """The stable vulnerability id of a finding with ``fingerprint``."""
    return str(uuid.uuid5(NAMESPACE, fingerprint))


def render(run: RunResult, options: ReportOptions | None = None) -> str:
    """The SAST report of ``run`` as JSON text."""
    options = options or ReportOptions()
    now = dt.datetime.now(dt.UTC)
    started = _utc(options.scan_started or options.scan_finished or now)
    finished = _utc(options.scan_finished or now)
    shown = [r for r in findings(run.results) if r.status in OPEN]
    under = told_under(run.results)
    analyzer = {
        "id": run.tool.name,
        "name": run.tool.name,
        "version": run.tool.version,
        "vendor": {"name": run.tool.name},
    }
    scan: dict[str, Any] = {
        "analyzer": analyzer,
        "scanner": dict(analyzer),
        "type": "sast",
        "start_time": started.strftime(_TIME),
        "end_time": max(finished, started).strftime(_TIME),
        "status": "success",
        "primary_identifiers": [_identifier(p) for p in all_policies(run)],
    }
    messages = [
        {"level": "warn", "value": f"{e.file}:{e.line}: {e.message}" if e.line else f"{e.file}: {e.message}"}
        for e in run.errors
    ]
    messages += [{"level": "info", "value": notice} for notice in run.notices]
    if messages:
        scan["messages"] = messages
    report = {
        "version": SCHEMA_VERSION,
        "schema": SCHEMA_URL,
        "scan": scan,
        "vulnerabilities": [
            _vulnerability(run, r, fp, under.get(r.fingerprint, []))
            for r, fp in zip(shown, unique_fingerprints(shown), strict=True)
        ],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment


def _identifier(policy: PolicyInfo) -> dict[str, str]:
    identifier = {"type": IDENTIFIER_TYPE, "name": f"{policy.id} {policy.title}", "value": policy.id}
    if policy.references:
        identifier["url"] = policy.references[0]
    return identifier


def _vulnerability(run: RunResult, result: Result, fingerprint: str, covered: list[Result]) -> dict[str, Any]:
    policy = policy_of(run, result)
    at = where(result)
    location: dict[str, Any] = {"file": at.file}
    if at.start_line > 0:
        location["start_line"] = at.start_line
        location["end_line"] = max(at.end_line, at.start_line)
    finding = detail(result) if result.policy_id == INPUT_ERROR_ID else f"`{result.resource.address}`: {detail(result)}"
    description = f"{policy.description}\n\n{finding}"
    if result.status.value == "unknown":
        description += "\n\nThis cannot be decided before apply: the deciding value is known only then."
    if covered:
        description += f"\n\n{covers_text(covered, result)}"
    vulnerability: dict[str, Any] = {
        "id": vulnerability_id(fingerprint),
        "name": policy.title,
        "description": description,
        "severity": result.severity.value.capitalize(),
        "solution": remediation(policy, result.resource.format) or policy.title,
        "identifiers": [_identifier(policy)],
        "location": location,
    }
    if policy.references:
        vulnerability["links"] = [{"url": ref} for ref in policy.references]
    return vulnerability
