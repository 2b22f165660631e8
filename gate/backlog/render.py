"""A finding as a ticket: title, body, labels, assignees and due date, and the marker that ties the ticket to
its finding.

The marker (``policy-gate:fingerprint=... file=... first-seen=... digest=...``) is hidden in the body. The
digest covers the body without its link (which names the commit), so a ticket is updated when the finding
changes (a new line, a new message, new owners) and not on every commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from gate.backlog.model import GATE_LABEL, Desired, Finding, Marker, Markup
from gate.model import Severity, Status, target_of
from gate.reporters._common import remediation
from gate.reporters.who import introduced_text
from gate.safe import terminal

MAX_TITLE = 250
MAX_VALUE = 300
_MARKER = re.compile(
    r"policy-gate:fingerprint=(?P<fp>[0-9a-f]+) file=(?P<file>\S*) first-seen=(?P<date>\d{4}-\d{2}-\d{2}) "
    r"digest=(?P<digest>[0-9a-f]+)(?: reopened=(?P<reopened>\d{1,6}))?"
)
_FORMAT_NAMES = {"terraform": "Terraform", "cloudformation": "CloudFormation"}
_URL = re.compile(r"https://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")


@dataclass(frozen=True)
class Links:
    """Where file links point: ``https://github.com/o/r/blob/<sha>/`` (host ``github``) or GitLab's
    ``https://gitlab.example/g/p/-/blob/<sha>/`` (host ``gitlab``)."""

    base: str
    host: str = "github"

    def to(self, file: str, start: int, end: int) -> str:
        url = self.base + urllib.parse.quote(file, safe="/")
        if start:
            url += f"#L{start}"
            if end > start:
                url += f"-L{end}" if self.host == "github" else f"-{end}"
        return url


def title(finding: Finding) -> str:
    """``[gate] <policy title>: <resource address>``, shortened to what trackers accept."""
    text = terminal(f"[gate] {finding.policy.title}: {finding.result.resource.address}")
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"


def labels(finding: Finding) -> tuple[str, ...]:
    """``policy-gate``, ``severity:<s>``, ``family:<f>`` and ``team:<owner>`` for each owner."""
    # One word, at most 50 characters: what GitHub and Jira accept for a label.
    teams = tuple("-".join(f"team:{owner.lstrip('@')}".split())[:50] for owner in finding.owners)
    return (GATE_LABEL, f"severity:{finding.severity.value}", f"family:{finding.result.family}", *teams)


def assignees(finding: Finding) -> tuple[str, ...]:
    """The user owners (``@name``, not ``@org/team``) of a high or critical finding; none below that."""
    if not finding.routed:
        return ()
    return tuple(o[1:] for o in finding.owners if o.startswith("@") and "/" not in o and not o.startswith("@@"))


def due_date(finding: Finding, first_seen: dt.date, days: dict[Severity, int | None]) -> dt.date | None:
    """First seen plus the days allowed for the finding's severity (``None`` when that severity has none)."""
    allowed = days.get(finding.severity)
    return None if allowed is None else first_seen + dt.timedelta(days=allowed)


def desired(
    finding: Finding,
    markup: Markup,
    first_seen: dt.date,
    days: dict[Severity, int | None],
    links: Links | None,
    reopened: int = 0,
) -> Desired:
    """The ticket ``finding`` asks for, as ``markup`` writes it (``reopened``: times the gate reopened it)."""
    due = due_date(finding, first_seen, days)
    # Neither the link (it names the commit) nor who made the change (absent under --no-blame) is in the digest.
    digest = hashlib.sha256(body(finding, markup, first_seen, due, None, introduced=False).encode("utf-8")).hexdigest()[
        :16
    ]
    marker = Marker(finding.fingerprint, finding.result.location.file, first_seen, digest, reopened)
    text = body(finding, markup, first_seen, due, links) + "\n\n" + markup.hidden(marker_text(marker)) + "\n"
    return Desired(marker, title(finding), text, labels(finding), assignees(finding), due, finding.severity)


def marker_text(marker: Marker) -> str:
    file = urllib.parse.quote(marker.file, safe="").replace("_", "%5F")
    reopened = f" reopened={marker.reopened}" if marker.reopened else ""
    return (
        f"policy-gate:fingerprint={marker.fingerprint} file={file} first-seen={marker.first_seen.isoformat()} "
        f"digest={marker.digest}{reopened}"
    )


def parse_marker(text: str | None) -> Marker | None:
    """The marker in a ticket body, or ``None`` when the ticket is not one of the gate's."""
    found = _MARKER.search(text or "")
    if found is None:
        return None
    try:
        first_seen = dt.date.fromisoformat(found["date"])
    except ValueError:
        return None
    return Marker(
        found["fp"], urllib.parse.unquote(found["file"]), first_seen, found["digest"], int(found["reopened"] or 0)
    )


def body(
    finding: Finding, m: Markup, first_seen: dt.date, due: dt.date | None, links: Links | None, introduced: bool = True
) -> str:
    """The ticket body without its marker; ``introduced=False`` leaves out who made the change."""
    result, policy = finding.result, finding.policy
    where = result.location.file + (f":{result.location.start_line}" if result.location.start_line else "")
    place = (
        m.link(m.text(where), links.to(result.location.file, result.location.start_line, result.location.end_line))
        if links
        else m.code(where)
    )
    facts = [
        f"{m.bold('Severity:')} {result.severity.value}",
        f"{m.bold('Family:')} {result.family}",
        f"{m.bold('Policy:')} {m.code(result.policy_id)}",
        f"{m.bold('Resource:')} {m.code(result.resource.address)} ({m.code(result.resource.type)}, {result.resource.format})",
        f"{m.bold('Location:')} {place}",
        f"{m.bold('First seen:')} {first_seen.isoformat()}",
        f"{m.bold('Due:')} "
        + (
            f"{due.isoformat()} ({(due - first_seen).days} days for {result.severity.value} severity)"
            if due
            else "no due date for this severity"
        ),
        f"{m.bold('Owner:')} {_owner(finding, m)}",
    ]
    if result.introduced is not None and introduced:
        facts.append(f"{m.bold('Introduced:')} {m.text(introduced_text(result.introduced))}")
    finding_text = m.text(result.message)
    if result.status is Status.UNKNOWN:
        finding_text += "\n\n" + m.text("The deciding value is known only after apply: check it once it is.")
    target = target_of(result.resource.format)
    parts = [
        m.bullets(facts),
        m.heading("Finding"),
        finding_text,
        m.heading("Why it matters"),
        m.prose(policy.description),
        m.heading(f"How to fix ({_FORMAT_NAMES.get(target, target)})"),
        m.prose(remediation(policy, result.resource.format)),
    ]
    if result.evidence:
        with_before = any(e.before is not None for e in result.evidence)
        header = ("Attribute", "Value", "Before", "Note") if with_before else ("Attribute", "Value", "Note")
        rows = [
            (m.code(e.attribute), _value(e.value, m), *((_value(e.before, m),) if with_before else ()), m.text(e.note))
            for e in result.evidence
        ]
        parts += [m.heading("Evidence"), m.table(header, rows)]
    if policy.references:
        parts += [m.heading("References"), m.bullets([_reference(r, m) for r in policy.references])]
    parts.append(m.text("Found by policy-gate. The hidden marker below ties this ticket to its finding: keep it."))
    return "\n\n".join(p for p in parts if p)


def _owner(finding: Finding, m: Markup) -> str:
    if not finding.owners:
        return "none found (add the file to CODEOWNERS)"
    source = f" (from {m.text(finding.owner_source)})" if finding.owner_source else ""
    if finding.routed:  # a mention notifies the owning team: only a well-formed handle is ever live
        return ", ".join(m.mention(o) for o in finding.owners) + source
    return ", ".join(m.code(o) for o in finding.owners) + source + "; backlog only, not assigned"


def _reference(url: str, m: Markup) -> str:
    """A policy's reference: a link when it is a plain https URL, else text."""
    return m.link(m.text(url), url) if _URL.fullmatch(url) else m.text(url)


def _value(value: Any, m: Markup) -> str:
    """An evidence value as the report gives it (already redacted); never anything else."""
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return m.code(text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…")
