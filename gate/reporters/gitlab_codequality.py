"""GitLab Code Quality: a JSON array of Code Climate issues (``artifacts:reports:codequality``).

Each open result (failed, unknown until apply, or an input error) is one issue with the fields GitLab
requires: ``description``, ``check_name`` (the policy id), ``fingerprint`` (the gate's, unique in the report),
``severity`` and ``location.path`` with ``location.lines.begin``. Waived and suppressed results are left out:
Code Quality has no way to show an issue as set aside, and the merge request widget would count them.

Severity: blocking results are ``blocker``; results ignored at this stage are ``info``; backlog results
follow the policy's severity (critical ``critical``, high ``major``, medium and low ``minor``, info ``info``).
The text is UTF-8 with no byte-order mark (GitLab rejects a report that starts with one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gate.reporters import ReportOptions

import json
from typing import Any

from gate.model import Disposition, Result, RunResult, Severity
from gate.reporters._common import (
    OPEN,
    covers_text,
    detail,
    findings,
    policy_of,
    remediation,
    told_under,
    unique_fingerprints,
    where,
)

_SEVERITY = {
    Severity.CRITICAL: "critical",
    Severity.HIGH: "major",
    Severity.MEDIUM: "minor",
    Severity.LOW: "minor",
    Severity.INFO: "info",
}


def severity(result: Result) -> str:
    """The Code Quality severity of ``result`` (info, minor, major, critical or blocker)."""
    if result.disposition is Disposition.BLOCK:
        return "blocker"
    if result.disposition is Disposition.IGNORE:
        return "info"
    return _SEVERITY[result.severity]


def render(run: RunResult, options: ReportOptions | None = None) -> str:
    """The Code Quality report of ``run`` as JSON text."""
    shown = [r for r in findings(run.results) if r.status in OPEN]
    under = told_under(run.results)
    issues = [
        _issue(run, r, fp, under.get(r.fingerprint, []))
        for r, fp in zip(shown, unique_fingerprints(shown), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(run: RunResult, result: Result, fingerprint: str, covered: list[Result]) -> dict[str, Any]:
    policy = policy_of(run, result)
    at = where(result)
    begin = max(at.start_line, 1)
    lines = {"begin": begin, "end": max(at.end_line, begin)}
    what = (
        detail(result)
        if result.resource.address == result.location.file
        else f"{result.resource.address}: {detail(result)}"
    )
    body = [f"**{policy.title}** ({result.severity.value}, {result.status.value}, {result.disposition.value})", ""]
    body += [policy.description, "", remediation(policy, result.resource.format)]
    body += [f"- {ref}" for ref in policy.references]
    if covered:
        body += ["", covers_text(covered, result)]
    return {
        "type": "issue",
        "check_name": result.policy_id,
        "description": f"{result.policy_id} {result.title}: {what}",
        "content": {"body": "\n".join(body).strip()},
        "categories": ["Security"],
        "severity": severity(result),
        "fingerprint": fingerprint,
        "location": {"path": at.file, "lines": lines},
        "engine_name": run.tool.name,
    }
