"""Who made the change, as one line of plain text for people: the caller makes it inert for its format
(gate.reporters.safe), since names and summaries are written by whoever made the commit."""

from __future__ import annotations

from gate.model import ChangeRequest, Introduced


def introduced_text(introduced: Introduced) -> str:
    """``abc123def456 by Jane Doe on 2026-01-02: Open the bucket``, or ``not committed``."""
    if not introduced.committed:
        return "not committed"
    summary = f": {introduced.summary}" if introduced.summary else ""
    return f"{introduced.commit[:12]} by {introduced.author} on {introduced.date[:10]}{summary}"


def change_text(change: ChangeRequest) -> str:
    """``pull request #12 by octocat (https://github.com/o/r/pull/12)``."""
    number = ("!" if change.kind == "merge request" else "#") + change.number
    by = f" by {change.author}" if change.author else ""
    return f"{change.kind} {number}{by}" + (f" ({change.url})" if change.url else "")
