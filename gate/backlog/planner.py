"""What a sync would do: compare the tickets a tracker holds with the findings of a scan.

- a finding without a ticket: create; with a closed ticket: reopen (with a comment), updated if it changed;
  with an open ticket that differs (title, body digest, gate labels): update; else unchanged;
- an open ticket whose finding is gone: close (with a comment naming the commit), but only when the scan
  read that ticket's file; a finding that still exists with another disposition (now blocking, waived) keeps
  its ticket open;
- two tickets with one fingerprint (left by some other tool or a hand-made copy): the oldest open one is kept,
  the other open ones are closed as duplicates;
- a ticket written by an older policy-gate (its fingerprint names policy, address and file, not the root nor
  the causing resource): it tracks the one finding it still names, and its marker is rewritten; when it now
  names several findings (two roots calling one module, several causes), or one another resource causes, it
  is left open and counted, and each finding gets its own ticket.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from gate.backlog.findings import Findings
from gate.backlog.model import Desired, Finding, Ticket, is_gate_label

Kind = Literal["create", "update", "reopen", "close", "unchanged"]
KINDS: tuple[Kind, ...] = ("create", "update", "reopen", "close", "unchanged")
Renderer = Callable[[Finding, dt.date, int], Desired]  # finding, first seen, times reopened


@dataclass(frozen=True)
class Action:
    kind: Kind
    ticket: Ticket | None = None
    desired: Desired | None = None
    why: str = ""
    duplicate_of: Ticket | None = None

    @property
    def title(self) -> str:
        return self.desired.title if self.desired else self.ticket.title if self.ticket else ""


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)
    out_of_scope: int = 0  # open tickets left alone: their file was not scanned
    kept: int = 0  # open tickets left alone: their finding exists but is not backlog (blocking, waived...)
    legacy: int = 0  # open tickets of an older policy-gate left alone: their fingerprint names several findings

    def count(self, kind: Kind) -> int:
        """How many actions of ``kind`` the plan holds."""
        return sum(1 for a in self.actions if a.kind == kind)

    def counts(self) -> str:
        """``create 2, update 0, reopen 1, close 0, unchanged 3``."""
        return ", ".join(f"{kind} {self.count(kind)}" for kind in KINDS)


def plan(findings: Findings, tickets: list[Ticket], render: Renderer, today: dt.date) -> Plan:
    """The actions that bring ``tickets`` in line with ``findings``."""
    result = Plan()
    canonical: dict[str, Ticket] = {}
    for ticket in sorted(tickets, key=lambda t: (not t.open, _age(t))):  # the oldest open ticket is kept
        first = canonical.setdefault(ticket.fingerprint, ticket)
        if first is not ticket and ticket.open:
            result.actions.append(Action("close", ticket, why=f"duplicate of {first.ref}", duplicate_of=first))
    ambiguous = _adopt_legacy(canonical, findings)
    result.legacy = sum(1 for t in ambiguous if t.open)
    for finding in findings.wanted:
        held = canonical.get(finding.fingerprint)
        if held is None:
            result.actions.append(Action("create", desired=render(finding, today, 0), why="new finding"))
        elif not held.open:
            desired = render(finding, held.marker.first_seen, held.marker.reopened + 1)
            result.actions.append(Action("reopen", held, desired, why="found again"))
        else:
            desired = render(finding, held.marker.first_seen, held.marker.reopened)
            changes = differences(held, desired)
            result.actions.append(Action("update" if changes else "unchanged", held, desired, why=", ".join(changes)))
    wanted = {f.fingerprint for f in findings.wanted}
    for fingerprint, ticket in canonical.items():
        if not ticket.open or fingerprint in wanted or ticket in ambiguous:
            continue
        if fingerprint in findings.present:
            result.kept += 1
        elif ticket.marker.file not in findings.scanned_files:
            result.out_of_scope += 1
        else:
            result.actions.append(Action("close", ticket, why="fixed"))
    result.actions.sort(key=lambda a: KINDS.index(a.kind))
    return result


def _adopt_legacy(canonical: dict[str, Ticket], findings: Findings) -> list[Ticket]:
    """File each ticket of an older policy-gate under the one current fingerprint it names; return those that
    name several findings, or one caused by another resource (they track none: never more than before)."""
    ambiguous = []
    for fingerprint, ticket in list(canonical.items()):
        names = findings.legacy.get(fingerprint)
        if not names or fingerprint in findings.present:
            continue
        only = next(iter(names)) if len(names) == 1 else None
        if only is not None and only not in findings.caused and only not in canonical:
            del canonical[fingerprint]
            canonical[only] = ticket
        else:
            ambiguous.append(ticket)
    return ambiguous


def differences(ticket: Ticket, desired: Desired) -> list[str]:
    """What the gate would change on an open ticket: its title, its body, its gate labels, its fingerprint
    (a ticket of an older policy-gate)."""
    changes = [] if ticket.fingerprint == desired.fingerprint else ["fingerprint"]
    if ticket.title != desired.title:
        changes.append("title")
    if ticket.marker.digest != desired.marker.digest or ticket.marker.file != desired.marker.file:
        changes.append("details")
    if sorted(label for label in ticket.labels if is_gate_label(label)) != sorted(desired.labels):
        changes.append("labels")
    return changes


def merged_labels(ticket: Ticket | None, desired: Desired) -> list[str]:
    """The gate's labels, plus every label people put on the ticket themselves."""
    kept = [label for label in (ticket.labels if ticket else ()) if not is_gate_label(label)]
    return [*desired.labels, *kept]


def _age(ticket: Ticket) -> tuple[int, int | str]:
    """Oldest first: numeric keys by number (issue #9 before #10), other keys as text."""
    tail = ticket.key.rsplit("-", 1)[-1]
    return (0, int(tail)) if tail.isdigit() else (1, ticket.key)
