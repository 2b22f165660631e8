"""What the backlog works with: the ticket a finding asks for, the ticket a tracker holds, and the
``Tracker`` protocol every tracker module satisfies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from gate.backlog.settings import BacklogSettings
from gate.model import PolicyInfo, Result, Severity

GATE_LABEL = "policy-gate"
# Labels the gate owns on a ticket (everything else a person added is kept when the gate updates it).
GATE_LABEL_PREFIXES = ("severity:", "family:", "team:")


def day_of(value: object) -> dt.date | None:
    """The date of a tracker's timestamp (``2026-01-05``, ``2026-01-05T10:00:00Z``, Jira's
    ``2026-01-05T10:00:00.000+0000``); None when it has none or it is not one."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def is_gate_label(label: str) -> bool:
    """Whether ``label`` is one the gate sets and may therefore replace."""
    return label == GATE_LABEL or label.startswith(GATE_LABEL_PREFIXES)


@dataclass(frozen=True)
class Finding:
    """A result that should have a ticket, with its policy and its owners (empty when nobody owns the file)."""

    fingerprint: str
    result: Result
    policy: PolicyInfo
    owners: tuple[str, ...] = ()
    owner_source: str = ""  # where the owners come from: "CODEOWNERS" or "resource tag owner"

    @property
    def severity(self) -> Severity:
        return self.result.severity

    @property
    def routed(self) -> bool:
        """High and critical findings go to the owning team (assignee, mention); the rest only get a label."""
        return self.severity in (Severity.CRITICAL, Severity.HIGH)


@dataclass(frozen=True)
class Marker:
    """The machine-readable part of a ticket body: which finding it tracks and what the gate last wrote."""

    fingerprint: str
    file: str
    first_seen: dt.date
    digest: str
    reopened: int = 0  # how many times the gate reopened the ticket because the finding came back


@dataclass(frozen=True)
class Desired:
    """A ticket as the gate would write it now, in the tracker's markup."""

    marker: Marker
    title: str
    body: str
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    due: dt.date | None
    severity: Severity

    @property
    def fingerprint(self) -> str:
        return self.marker.fingerprint


@dataclass(frozen=True)
class Ticket:
    """A ticket the tracker holds that carries the gate's marker."""

    key: str  # what the tracker's API calls it: an issue number, an iid, a Jira key, a file item id
    ref: str  # how people name it: "#12", "PROJ-3"
    title: str
    labels: tuple[str, ...]
    open: bool
    marker: Marker
    # What the tracker records of its life, for ``gate backlog metrics``: when it was opened and closed (the
    # tracker's own dates), its due date where the tracker keeps one, and its assignees.
    created: dt.date | None = None
    closed: dt.date | None = None
    due: dt.date | None = None
    assignees: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        return self.marker.fingerprint


class Markup(Protocol):
    """How a tracker formats text: Markdown (GitHub, GitLab, the file tracker) or Jira wiki markup."""

    def heading(self, text: str) -> str:
        """A section heading."""
        ...

    def bold(self, text: str) -> str:
        """Strong text (the gate's own words)."""
        ...

    def code(self, text: str) -> str:
        """Inline code, on one line; safe for any text."""
        ...

    def text(self, text: str) -> str:
        """Text from scanned code, made inert: no markup, HTML, mentions or links."""
        ...

    def mention(self, owner: str) -> str:
        """An owner from CODEOWNERS, notified where the tracker can (a well-formed handle only)."""
        ...

    def prose(self, text: str) -> str:
        """The gate's own Markdown (policy descriptions and remediations) in this markup."""
        ...

    def link(self, text: str, url: str) -> str:
        """A link."""
        ...

    def bullets(self, items: list[str]) -> str:
        """A bulleted list of already formatted items."""
        ...

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
        """A table of already formatted cells."""
        ...

    def hidden(self, text: str) -> str:
        """Text a reader does not see (or barely: Jira), which the API still returns."""
        ...


class Tracker(Protocol):
    """A place tickets live. Every method either does what it says or raises ``TrackerError``."""

    name: str
    markup: Markup

    def target(self) -> str:
        """Where the tickets go, for messages: ``github acme/app``."""
        ...

    def list_tickets(self) -> list[Ticket]:
        """Every ticket with the gate's label and marker, in every state, from every page."""
        ...

    def create(self, desired: Desired) -> Ticket:
        """Open a new ticket; may raise ``AmbiguousWrite`` when it cannot tell whether the ticket was made."""
        ...

    def update(self, ticket: Ticket, desired: Desired, reopen: bool) -> None:
        """Write title, body, gate labels and due date (labels people added are kept); reopen when asked."""
        ...

    def comment(self, ticket: Ticket, text: str) -> None:
        """Add a comment."""
        ...

    def close(self, ticket: Ticket) -> None:
        """Close the ticket as done."""
        ...

    def finish(self) -> None:
        """Make the changes lasting (the file tracker writes its files; network trackers have nothing to do)."""
        ...


@dataclass
class TrackerContext:
    """What a tracker factory needs: the environment (credentials), settings, where files go, and how to wait."""

    environ: Mapping[str, str] = field(repr=False)  # holds the tokens: never in a repr
    settings: BacklogSettings
    root: Path
    backlog_file: Path
    sleep: Callable[[float], None]
    timeout: float
    today: dt.date
