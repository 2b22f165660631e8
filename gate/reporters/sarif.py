"""SARIF 2.1.0, ready for GitHub code scanning.

Every result that did not pass is a SARIF result: its level comes from the stage's disposition (blocking
``error``, backlog ``warning``, the rest ``note``), and input errors are always ``error`` on their file.
Waived and inline-suppressed results keep their place with ``suppressions`` (and their justification), so
that code scanning shows them as dismissed rather than forgetting them. Passed results are not emitted.

Each rule carries GitHub's ``security-severity`` (critical 10.0, high 8.9, medium 6.9, low 3.9; none for
info), and each result a ``partialFingerprints`` entry made from the gate's fingerprint (policy, resource and
file, never a line number), so alerts stay the same alert when code moves. ``automationDetails.id`` is
``policy-gate/<stage>/``: several stages can upload to one repository without closing each other's alerts.

GitHub accepts at most 25,000 results a run and 10 MB of gzipped SARIF: beyond that the least urgent
results (ignored before backlog before blocking, then by severity) are left out, and the log says so in
``run.properties`` and in a tool notification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gate.reporters import ReportOptions

import gzip
import json
import re
from typing import Any
from urllib.parse import quote

from gate.model import INPUT_ERROR_ID, Disposition, Location, PolicyInfo, Result, RunResult, Severity, Status
from gate.reporters._common import (
    OPEN,
    SET_ASIDE,
    all_policies,
    covers_text,
    detail,
    findings,
    policy_of,
    priority,
    remediation,
    sentence,
    told_under,
    unique_fingerprints,
    where,
)
from gate.schema import to_data

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/policy-gate/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "policyGate/v1"
MAX_RESULTS = 25_000
MAX_GZIP_BYTES = 10 * 1000 * 1000

SECURITY_SEVERITY = {
    Severity.CRITICAL: "10.0",
    Severity.HIGH: "8.9",
    Severity.MEDIUM: "6.9",
    Severity.LOW: "3.9",
}
LEVEL = {Disposition.BLOCK: "error", Disposition.BACKLOG: "warning", Disposition.IGNORE: "note"}
DEFAULT_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "warning",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def render(run: RunResult, options: ReportOptions | None = None) -> str:
    """The SARIF log as JSON text."""
    return _dump(sarif_log(run))


def sarif_log(run: RunResult, max_results: int = MAX_RESULTS, max_gzip_bytes: int = MAX_GZIP_BYTES) -> dict[str, Any]:
    """The SARIF log of ``run``, truncated by urgency to ``max_results`` and ``max_gzip_bytes``."""
    # A result told under a broader finding is no alert of its own: that finding's message names it.
    reported = [r for r in findings(run.results) if r.status in OPEN or r.status in SET_ASIDE]
    fingerprints = dict(zip(map(id, reported), unique_fingerprints(reported), strict=True))
    keep = len(reported)
    while True:
        kept = _kept(reported, min(keep, max_results))
        log = _log(run, kept, fingerprints, omitted=len(reported) - len(kept), limit=max_results)
        size = len(gzip.compress(_dump(log).encode("utf-8"), mtime=0))
        if size <= max_gzip_bytes or not kept:
            return log
        keep = int(len(kept) * max_gzip_bytes / size * 0.95)


def _dump(log: dict[str, Any]) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _kept(results: list[Result], count: int) -> list[Result]:
    """The ``count`` most urgent results, in the run's own order."""
    if count >= len(results):
        return results
    chosen = {id(r) for r in sorted(results, key=priority)[:count]}
    return [r for r in results if id(r) in chosen]


def _log(run: RunResult, kept: list[Result], fingerprints: dict[int, str], omitted: int, limit: int) -> dict[str, Any]:
    policies = all_policies(run)
    index = {p.id: i for i, p in enumerate(policies)}
    notifications = [{"level": "note", "message": {"text": sentence(n)}} for n in run.notices]
    properties: dict[str, Any] = {
        "stage": run.stage,
        "passed": run.passed,
        "decision": run.decision,
        "summary": to_data(run.summary),
        "truncated": omitted > 0,
    }
    if run.change is not None:
        properties["changeRequest"] = to_data(run.change)
    if omitted:
        note = (
            f"{omitted} of {len(kept) + omitted} results were left out to stay within GitHub's limits "
            f"({limit} results, {MAX_GZIP_BYTES // 1_000_000} MB gzipped): the least urgent first; "
            "the JSON report has them all."
        )
        properties.update(resultsOmitted=omitted, resultsLimit=limit, truncationNote=note)
        notifications.append({"level": "warning", "message": {"text": note}})
    under = told_under(run.results)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": run.tool.name,
                        "version": run.tool.version,
                        "semanticVersion": run.tool.version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(p, run) for p in policies],
                    }
                },
                "automationDetails": {"id": f"{run.tool.name}/{run.stage}/"},
                "invocations": [invocation],
                "originalUriBaseIds": {
                    SRCROOT: {"description": {"text": "The scan root: the repository's top level."}}
                },
                "columnKind": "utf16CodeUnits",
                "results": [_result(r, run, index, fingerprints[id(r)], under.get(r.fingerprint, [])) for r in kept],
                "properties": properties,
            }
        ],
    }


def _pascal(title: str) -> str:
    # One-letter words ("a") would put two capitals side by side ("WithACustomer"), which is not Pascal case.
    words = [w for w in re.split(r"[^A-Za-z0-9]+", title) if len(w) > 1 or w.isdigit()]
    return "".join(word[:1].upper() + word[1:].lower() for word in words)


def _formats(run: RunResult, policy_id: str) -> list[str]:
    return sorted(
        {r.resource.format for r in run.results if r.policy_id == policy_id and r.resource.format != "unknown"}
    )


def _rule(policy: PolicyInfo, run: RunResult) -> dict[str, Any]:
    help_text = [policy.description, ""]
    help_markdown = [policy.description, ""]
    for target, text in sorted(policy.remediation.items()):
        help_text.append(f"Remediation ({target}): {text}")
        help_markdown.append(f"**Remediation ({target})**: {text}\n")
    if policy.references:
        help_text.append("References: " + " ".join(policy.references))
        help_markdown.append("References:\n" + "\n".join(f"- <{ref}>" for ref in policy.references))
    properties: dict[str, Any] = {
        "tags": ["security", policy.family, *_formats(run, policy.id)],
        "precision": "very-high",
        "problem.severity": "error" if policy.severity in (Severity.CRITICAL, Severity.HIGH) else "warning",
    }
    if policy.severity in SECURITY_SEVERITY:
        properties["security-severity"] = SECURITY_SEVERITY[policy.severity]
    rule: dict[str, Any] = {
        "id": policy.id,
        "name": _pascal(policy.title),
        "shortDescription": {"text": sentence(policy.title)},
        "fullDescription": {"text": sentence(policy.description)},
        "defaultConfiguration": {"level": DEFAULT_LEVEL[policy.severity]},
        "help": {"text": "\n".join(help_text).strip(), "markdown": "\n".join(help_markdown).strip()},
        "properties": properties,
    }
    rule["helpUri"] = policy.references[0] if policy.references else INFORMATION_URI
    return rule


def _physical(at: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(at.file, safe="/"), "uriBaseId": SRCROOT}}
    if at.start_line > 0:
        physical["region"] = {"startLine": at.start_line, "endLine": max(at.end_line, at.start_line)}
    return physical


def _location(result: Result) -> dict[str, Any]:
    """Where to change it: the block, argument or resource causing it (a pull request shows the alert on
    that changed line); the resource judged is a related location when it is elsewhere."""
    location: dict[str, Any] = {"physicalLocation": _physical(where(result))}
    if result.policy_id != INPUT_ERROR_ID:
        location["logicalLocations"] = [{"fullyQualifiedName": result.resource.address, "kind": "resource"}]
    return location


def _message(result: Result, covered: list[Result]) -> str:
    if result.policy_id == INPUT_ERROR_ID:
        return f"{sentence(result.title)} {sentence(detail(result))}"
    status = " It cannot be decided before apply." if result.status is Status.UNKNOWN else ""
    covers = f" {sentence(covers_text(covered, result))}" if covered else ""
    return f"{sentence(result.title)}{status} {result.resource.address}: {sentence(detail(result))}{covers}"


def _related(result: Result) -> list[dict[str, Any]]:
    """The module calls leading to the resource (outermost first), the resource judged when the finding is
    placed on a narrower block or on another resource, and the resource causing it when it is not the place."""
    related: list[tuple[Location, str]] = [
        (call, "Module call leading to this resource.") for call in result.module_calls if call.start_line > 0
    ]
    if result.region is not None and result.region != result.location:
        related.append((result.location, f"{result.resource.address} is declared here."))
    if result.cause is not None and result.cause.location != where(result):
        related.append((result.cause.location, f"{result.cause.address} causes this finding."))
    return [
        {"id": number, "physicalLocation": _physical(at), "message": {"text": text}}
        for number, (at, text) in enumerate(related, start=1)
    ]


def _result(
    result: Result, run: RunResult, index: dict[str, int], fingerprint: str, covered: list[Result] | None = None
) -> dict[str, Any]:
    policy = policy_of(run, result)
    level = "error" if result.status is Status.ERROR else LEVEL[result.disposition]
    out: dict[str, Any] = {
        "ruleId": result.policy_id,
        "ruleIndex": index[result.policy_id],
        "level": level,
        "message": {"text": _message(result, covered or [])},
        "locations": [_location(result)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    related = _related(result)
    if related:
        out["relatedLocations"] = related
    if result.suppression is not None or result.status in SET_ASIDE:
        out["suppressions"] = [_suppression(result)]
    properties: dict[str, Any] = {
        "status": result.status.value,
        "disposition": result.disposition.value,
        "severity": result.severity.value,
        "format": result.resource.format,
        "resourceType": result.resource.type,
    }
    if result.baseline:
        properties["baseline"] = True
    if result.regression:
        properties["regression"] = True
    if covered:
        properties["covers"] = [
            {"ruleId": r.policy_id, "severity": r.severity.value, "status": r.status.value} for r in covered
        ]
    if result.introduced is not None:
        properties["introduced"] = to_data(result.introduced)
    if result.policy_id != INPUT_ERROR_ID:
        properties["remediation"] = remediation(policy, result.resource.format)
    out["properties"] = properties
    return out


def _suppression(result: Result) -> dict[str, Any]:
    suppression = result.suppression
    if suppression is None:
        return {"kind": "external", "status": "accepted"}
    out: dict[str, Any] = {
        "kind": "inSource" if suppression.kind == "inline" else "external",
        "status": "accepted",
        "justification": suppression.reason,
    }
    extra = {
        k: v
        for k, v in (("owner", suppression.owner), ("expires", suppression.expires), ("source", suppression.source))
        if v
    }
    if extra:
        out["properties"] = extra
    return out
