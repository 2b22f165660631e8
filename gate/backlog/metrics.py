"""``gate backlog metrics``: how fast findings get fixed, read from the tracker's tickets.

Every number comes from the tickets the gate keeps (its label and hidden marker), with the tracker's own dates:
open items by severity, owner and age; time to remediate (opened to closed) per severity as the median and the
90th percentile (nearest rank); items past their due date; items the gate had to reopen because the finding came
back; and the number of open items at the end of each week. A ticket's due date is the tracker's when it keeps
one, else the gate's rule (first seen plus the days allowed for its severity, as ``gate backlog sync`` sets it).

A ticket closed and reopened is counted from its first opening to its last closing: trackers keep no history the
gate could read without one request per ticket, so the trend counts it open from creation until its last close.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field

from gate.backlog.model import Ticket
from gate.model import Severity

SEVERITIES = tuple(Severity)
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7 days", 0, 7),
    ("8-30 days", 8, 30),
    ("31-90 days", 31, 90),
    ("over 90 days", 91, None),
)
NO_OWNER = "(no owner)"
DEFAULT_WEEKS = 12


@dataclass(frozen=True)
class Item:
    """A ticket as the metrics see it."""

    ref: str
    title: str
    severity: Severity | None
    owner: str
    created: dt.date
    closed: dt.date | None
    due: dt.date | None
    reopened: int
    fingerprint: str


@dataclass(frozen=True)
class Remediation:
    closed: int
    median_days: float | None
    p90_days: int | None


@dataclass
class Metrics:
    today: dt.date
    since: dt.date
    open_total: int = 0
    open_by_severity: dict[str, int] = field(default_factory=dict)
    open_by_owner: dict[str, int] = field(default_factory=dict)
    open_by_age: dict[str, int] = field(default_factory=dict)
    time_to_remediate: dict[str, Remediation] = field(default_factory=dict)
    overdue: list[dict[str, object]] = field(default_factory=list)
    reopened: list[dict[str, object]] = field(default_factory=list)
    trend: list[tuple[str, int]] = field(default_factory=list)  # (week, open items at its end)


def item_of(ticket: Ticket, due_days: dict[Severity, int | None]) -> Item:
    """The metrics' view of ``ticket``: severity and owner from the gate's labels, dates from the tracker."""
    severity = next((_severity(label[9:]) for label in ticket.labels if label.startswith("severity:")), None)
    teams = sorted(label[5:] for label in ticket.labels if label.startswith("team:"))
    owner = ", ".join(teams) or ", ".join(ticket.assignees) or NO_OWNER
    created = ticket.created or ticket.marker.first_seen
    due = ticket.due
    if due is None and severity is not None and due_days.get(severity) is not None:
        due = ticket.marker.first_seen + dt.timedelta(days=due_days[severity] or 0)
    closed = None if ticket.open else (ticket.closed or created)
    return Item(
        ticket.ref, ticket.title, severity, owner, created, closed, due, ticket.marker.reopened, ticket.fingerprint
    )


def overdue_fingerprints(tickets: list[Ticket], today: dt.date, due_days: dict[Severity, int | None]) -> set[str]:
    """The findings whose open ticket is past its due date (``gate backlog plan`` puts them first)."""
    items = [item_of(t, due_days) for t in tickets if t.open]
    return {i.fingerprint for i in items if i.due is not None and i.due < today}


def compute(
    tickets: list[Ticket], today: dt.date, due_days: dict[Severity, int | None], since: dt.date | None = None
) -> Metrics:
    """The metrics of ``tickets`` on ``today``; remediation times and the trend cover ``since`` (default: the last
    twelve weeks) to today."""
    start = since or today - dt.timedelta(weeks=DEFAULT_WEEKS)
    items = [item_of(t, due_days) for t in tickets]
    open_items = [i for i in items if i.closed is None]
    result = Metrics(today=today, since=start, open_total=len(open_items))
    result.open_by_severity = {s.value: sum(1 for i in open_items if i.severity is s) for s in SEVERITIES}
    result.open_by_owner = dict(sorted(Counter(i.owner for i in open_items).items(), key=lambda kv: (-kv[1], kv[0])))
    result.open_by_age = {
        name: sum(1 for i in open_items if _in_bucket((today - i.created).days, low, high))
        for name, low, high in AGE_BUCKETS
    }
    for severity in SEVERITIES:
        days = sorted(
            (i.closed - i.created).days
            for i in items
            if i.severity is severity and i.closed is not None and start <= i.closed <= today
        )
        result.time_to_remediate[severity.value] = Remediation(
            len(days), statistics.median(days) if days else None, _nearest_rank(days, 0.9)
        )
    late = sorted(
        (i for i in open_items if i.due is not None and i.due < today),
        key=lambda i: (i.due or today, _rank(i.severity), i.ref),
    )
    result.overdue = [
        {
            "ref": i.ref,
            "title": i.title,
            "severity": i.severity.value if i.severity else None,
            "owner": i.owner,
            "due": i.due.isoformat() if i.due else None,
            "days_overdue": (today - i.due).days if i.due else None,
        }
        for i in late
    ]
    result.reopened = [
        {"ref": i.ref, "title": i.title, "times": i.reopened, "open": i.closed is None}
        for i in sorted(items, key=lambda i: (-i.reopened, i.ref))
        if i.reopened
    ]
    result.trend = [
        (_week_name(end), sum(1 for i in items if i.created <= end and (i.closed is None or i.closed > end)))
        for end in _week_ends(start, today)
    ]
    return result


def to_json(metrics: Metrics) -> str:
    doc = asdict(metrics)
    doc["today"], doc["since"] = metrics.today.isoformat(), metrics.since.isoformat()
    doc["trend"] = [{"week": week, "open": count} for week, count in metrics.trend]
    return json.dumps(doc, indent=2) + "\n"


def to_markdown(metrics: Metrics, target: str) -> str:
    """A report for a step summary or a scheduled issue: tables, and a Mermaid chart of the weekly trend (GitHub
    and GitLab render Mermaid in Markdown; no image is needed)."""
    m = metrics
    lines = [
        "# Backlog metrics",
        "",
        f"{_cell(target)} on {m.today.isoformat()}: **{m.open_total} open**, {len(m.overdue)} past due, "
        f"{len(m.reopened)} reopened. Remediation times cover {m.since.isoformat()} to {m.today.isoformat()}.",
        "",
        "## Open items",
        "",
        "| Severity | Open |",
        "|---|---|",
    ]
    lines += [f"| {s} | {n} |" for s, n in m.open_by_severity.items()]
    lines += ["", "| Age | Open |", "|---|---|", *(f"| {a} | {n} |" for a, n in m.open_by_age.items())]
    lines += ["", "| Owner | Open |", "|---|---|", *(f"| {_cell(o)} | {n} |" for o, n in m.open_by_owner.items())]
    lines += [
        "",
        "## Time to remediate",
        "",
        "| Severity | Closed | Median (days) | 90th percentile (days) |",
        "|---|---|---|---|",
    ]
    for severity, r in m.time_to_remediate.items():
        median = "-" if r.median_days is None else f"{r.median_days:g}"
        lines.append(f"| {severity} | {r.closed} | {median} | {'-' if r.p90_days is None else r.p90_days} |")
    lines += ["", "## Past due", ""]
    if m.overdue:
        lines += ["| Item | Severity | Owner | Due | Days over |", "|---|---|---|---|---|"]
        lines += [
            f"| {_cell(str(o['ref']))} {_cell(str(o['title']))} | {o['severity']} | {_cell(str(o['owner']))} "
            f"| {o['due']} | {o['days_overdue']} |"
            for o in m.overdue
        ]
    else:
        lines.append("Nothing is past its due date.")
    lines += ["", "## Reopened", ""]
    if m.reopened:
        lines += ["| Item | Times reopened | Open now |", "|---|---|---|"]
        lines += [
            f"| {_cell(str(r['ref']))} {_cell(str(r['title']))} | {r['times']} | {'yes' if r['open'] else 'no'} |"
            for r in m.reopened
        ]
    else:
        lines.append("No item came back after it was closed.")
    lines += ["", "## Open items per week", "", *mermaid_trend(m.trend), ""]
    return "\n".join(lines)


def mermaid_trend(trend: list[tuple[str, int]]) -> list[str]:
    """A Mermaid ``xychart-beta`` line of open items at the end of each week."""
    top = max((count for _, count in trend), default=0)
    weeks = ", ".join(json.dumps(week) for week, _ in trend)
    counts = ", ".join(str(count) for _, count in trend)
    return [
        "```mermaid",
        "xychart-beta",
        '    title "Open backlog items at the end of each week"',
        f"    x-axis [{weeks}]",
        f'    y-axis "open items" 0 --> {max(top, 1)}',
        f"    line [{counts}]",
        "```",
    ]


def _nearest_rank(sorted_days: list[int], fraction: float) -> int | None:
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of the values at or below it."""
    if not sorted_days:
        return None
    return sorted_days[max(1, math.ceil(fraction * len(sorted_days))) - 1]


def _week_ends(start: dt.date, today: dt.date) -> list[dt.date]:
    """The Sundays that end each ISO week from ``start``'s to today's (today itself for the current week)."""
    end = start + dt.timedelta(days=6 - start.weekday())
    ends = []
    while end < today:
        ends.append(end)
        end += dt.timedelta(weeks=1)
    return [*ends, today]


def _week_name(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _in_bucket(days: int, low: int, high: int | None) -> bool:
    return days >= low and (high is None or days <= high)


def _severity(text: str) -> Severity | None:
    try:
        return Severity(text)
    except ValueError:
        return None


def _rank(severity: Severity | None) -> int:
    return severity.rank if severity else len(SEVERITIES)


def _cell(text: str) -> str:
    """Text from tickets in a table cell: inert (gate.safe), with no column breaks."""
    from gate.safe import markdown

    return markdown(text).replace("|", "\\|")
