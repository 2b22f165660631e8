"""``gate notify``: announce the findings that are new to chat (Slack incoming webhooks, Microsoft Teams
workflows) or a generic JSON webhook, routed by severity and owner.

New means: failed or unknown, blocking or backlog (not waived, skipped or ignored), not in the baseline, and
without an open ticket in the tracker already (those were announced when the ticket was opened, or are being
worked on). Routes come only from a trusted configuration (``--config FILE`` outside the scanned tree: the tree
must not decide whether its own findings are announced, gate.trust). A URL is read from the environment variable
the route names and never printed: messages and errors name the variable.

Each destination (one URL, however many routes name it) gets one message per run, listing its findings. The
HTTP layer is the trackers' (gate.backlog.transport): 429 and 5xx answers are retried with backoff (a chat
webhook that answers 5xx did not take the message); a request that got no answer is not sent again, so nothing
is posted twice; a 4xx is a clear error naming the variable. Other destinations are still tried; any failure
makes the command exit 2.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gate.backlog.codeowners import CodeOwners
from gate.backlog.findings import collect
from gate.backlog.model import Finding, Ticket
from gate.backlog.settings import NotifyRoute
from gate.backlog.transport import HttpClient, Redactor, Sleep, TrackerError, default_sleep
from gate.errors import ConfigError
from gate.model import RunResult
from gate.reporters._common import detail
from gate.reporters.who import change_request, change_text, introduced_text
from gate.safe import terminal

MAX_LISTED = 20  # findings named in one message; the rest are counted
_KIND_NAMES = {"slack": "Slack", "teams": "Microsoft Teams", "webhook": "webhook"}


@dataclass
class Destination:
    """One URL and the findings it receives; ``names`` are the environment variables that point at it."""

    kind: str
    url: str = field(repr=False)  # a secret: never in a repr or a message
    names: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{_KIND_NAMES[self.kind]} (${', $'.join(self.names)})"


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)  # labels of destinations that took their message
    failed: list[str] = field(default_factory=list)  # one line per destination that did not


def new_findings(run: RunResult, tickets: list[Ticket], owners: CodeOwners | None) -> list[Finding]:
    """The findings of ``run`` nobody has heard of: open results that block or go to the backlog, not in the
    baseline, and without an open ticket."""
    ticketed = {t.fingerprint for t in tickets if t.open}
    return [f for f in collect(run, True, owners).wanted if not f.result.baseline and f.fingerprint not in ticketed]


def destinations(routes: list[NotifyRoute], findings: list[Finding], environ: Mapping[str, str]) -> list[Destination]:
    """The destinations the routes give for ``findings``, one per URL, each with its findings in order."""
    by_url: dict[str, Destination] = {}
    for route in routes:
        url = environ.get(route.url_env, "").strip()
        if not url:
            raise ConfigError(f"notify: ${route.url_env} is not set (the {_KIND_NAMES[route.kind]} URL of a route)")
        if not url.startswith("https://") and not environ.get("POLICY_GATE_NOTIFY_ALLOW_HTTP"):
            raise ConfigError(f"notify: ${route.url_env} is not an https URL")
        chosen = [f for f in findings if _wanted(route, f)]
        target = by_url.setdefault(url, Destination(route.kind, url))
        if target.kind != route.kind:
            raise ConfigError(f"notify: ${route.url_env} is used as {route.kind} and as {target.kind}")
        if route.url_env not in target.names:
            target.names.append(route.url_env)
        target.findings += [f for f in chosen if f not in target.findings]
    order = {f.fingerprint: i for i, f in enumerate(findings)}
    for target in by_url.values():
        target.findings.sort(key=lambda f: order[f.fingerprint])
    return [t for t in by_url.values() if t.findings]


def _wanted(route: NotifyRoute, finding: Finding) -> bool:
    if route.severities and finding.severity not in route.severities:
        return False
    return not route.owners or any(o.lower() in {w.lower() for w in route.owners} for o in finding.owners)


def pipeline_of(environ: Mapping[str, str]) -> str | None:
    """The URL of the CI run, from GitHub Actions' or GitLab CI's variables."""
    github = [environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    if all(github):
        return f"{github[0].rstrip('/')}/{github[1]}/actions/runs/{github[2]}"
    return environ.get("CI_PIPELINE_URL") or None


@dataclass(frozen=True)
class Line:
    """One finding as every message format shows it; every field made inert (it comes from the scanned tree)."""

    severity: str
    policy: str
    title: str
    resource: str
    where: str
    detail: str
    owner: str
    introduced: str


def lines_of(findings: list[Finding]) -> list[Line]:
    result = []
    for f in findings:
        r = f.result
        where = r.location.file + (f":{r.location.start_line}" if r.location.start_line else "")
        who = introduced_text(r.introduced) if r.introduced is not None else ""
        result.append(
            Line(
                f.severity.value,
                f.policy.id,
                terminal(f.policy.title),
                terminal(r.resource.address),
                terminal(where),
                terminal(detail(r)),
                terminal(", ".join(f.owners)) or "no owner",
                terminal(who),
            )
        )
    return result


def _slack_text(text: str) -> str:
    """Slack mrkdwn escapes only these three: https://api.slack.com/reference/surfaces/formatting#escaping"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(lines: list[Line], heading: str, pipeline: str | None) -> dict[str, Any]:
    """An incoming-webhook message: ``text`` (the notification) and mrkdwn section blocks."""
    rows = [
        f"*{line.severity}* {_slack_text(line.policy)}: {_slack_text(line.title)}\n"
        f"`{_slack_text(line.resource)}` in `{_slack_text(line.where)}`, owner {_slack_text(line.owner)}"
        + (f", introduced by {_slack_text(line.introduced)}" if line.introduced else "")
        for line in lines[:MAX_LISTED]
    ]
    more = len(lines) - MAX_LISTED
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": _slack_text(heading)}}]
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": row[:2900]}} for row in rows]
    footer = ([f"and {more} more"] if more > 0 else []) + ([f"<{pipeline}|pipeline>"] if pipeline else [])
    if footer:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(footer)}]})
    return {"text": heading, "blocks": blocks}


def teams_payload(lines: list[Line], heading: str, pipeline: str | None) -> dict[str, Any]:
    """A message with an Adaptive Card, as a Teams workflow's "When a Teams webhook request is received" expects."""
    body: list[dict[str, Any]] = [{"type": "TextBlock", "text": heading, "weight": "Bolder", "wrap": True}]
    for line in lines[:MAX_LISTED]:
        facts = [
            {"title": "Resource", "value": line.resource},
            {"title": "Where", "value": line.where},
            {"title": "Owner", "value": line.owner},
        ]
        if line.introduced:
            facts.append({"title": "Introduced by", "value": line.introduced})
        body += [
            {"type": "TextBlock", "text": f"{line.severity.upper()} {line.policy}: {line.title}", "wrap": True},
            {"type": "FactSet", "facts": facts},
        ]
    if len(lines) > MAX_LISTED:
        body.append({"type": "TextBlock", "text": f"and {len(lines) - MAX_LISTED} more", "isSubtle": True})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if pipeline:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Pipeline", "url": pipeline}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


def webhook_payload(lines: list[Line], heading: str, pipeline: str | None, change: str | None) -> dict[str, Any]:
    return {
        "event": "policy-gate.new-findings",
        "summary": heading,
        "pipeline": pipeline,
        "change": change,
        "findings": [line.__dict__ for line in lines],
    }


def heading_of(count: int, run: RunResult, change: str | None) -> str:
    where = f" in {terminal(change)}" if change else ""
    return f"policy-gate: {count} new finding{'s' if count != 1 else ''}{where} ({run.stage} stage): {terminal(run.decision)}"


def payload_of(target: Destination, run: RunResult, environ: Mapping[str, str]) -> dict[str, Any]:
    lines = lines_of(target.findings)
    request = run.change or change_request(environ)
    pipeline, change = pipeline_of(environ), change_text(request) if request else None
    heading = heading_of(len(lines), run, change)
    if target.kind == "slack":
        return slack_payload(lines, heading, pipeline)
    if target.kind == "teams":
        return teams_payload(lines, heading, pipeline)
    return webhook_payload(lines, heading, pipeline, change)


def notify(
    run: RunResult,
    routes: list[NotifyRoute],
    tickets: list[Ticket],
    owners: CodeOwners | None,
    environ: Mapping[str, str],
    echo: Callable[[str], None],
    dry_run: bool = False,
    sleep: Sleep = default_sleep,
    timeout: float = 30.0,
) -> Outcome:
    """Announce the new findings of ``run`` along ``routes``."""
    if not routes:
        raise ConfigError(
            "notify: no routes configured (notify: [{kind: slack, url_env: NAME}] in a trusted "
            "configuration, --config FILE outside the scanned tree)"
        )
    findings = new_findings(run, tickets, owners)
    targets = destinations(routes, findings, environ)
    echo(
        f"gate notify: {len(findings)} new finding(s), {len(targets)} destination(s)"
        + (" (dry run)" if dry_run else "")
    )
    return send(targets, run, environ, echo, dry_run=dry_run, sleep=sleep, timeout=timeout)


def send(
    targets: list[Destination],
    run: RunResult,
    environ: Mapping[str, str],
    echo: Callable[[str], None],
    dry_run: bool = False,
    sleep: Sleep = default_sleep,
    timeout: float = 30.0,
) -> Outcome:
    """Post one message to each destination; every outcome is echoed, with the variable's name, never the URL."""
    outcome = Outcome()
    for target in targets:
        count = len(target.findings)
        if dry_run:
            echo(f"  would send {count} finding(s) to {target.label}")
            echo(json.dumps(payload_of(target, run, environ))[:2000])
            continue
        parts = urllib.parse.urlsplit(target.url)
        secrets = [target.url, parts.path, parts.query]  # a webhook's path or query is its key
        client = HttpClient(target.label, target.url, {}, Redactor(secrets), timeout=timeout, sleep=sleep)
        try:
            client.request(
                "POST", target.url, body=payload_of(target, run, environ), idempotent=False, answered_retry=True
            )
        except TrackerError as exc:
            outcome.failed.append(f"{target.label}: {exc}")
            echo(f"  failed    {target.label}: {exc}")
            continue
        outcome.sent.append(target.label)
        echo(f"  sent      {count} finding(s) to {target.label}")
    return outcome
