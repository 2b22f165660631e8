"""GitHub Actions workflow commands: one annotation per result the stage acts on, printed on stdout.

Blocking results are ``::error``, backlog results ``::warning``, each with ``file``, ``line``, ``endLine``
(left out when the line is not known) and a ``title`` naming the policy. Scanned text is made one printable
line first (gate.safe), then escaped as the Actions runner reads it (``@actions/core``): in the
message ``%``, CR and LF; in properties also ``:`` and ``,``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gate.reporters import ReportOptions

from gate.model import INPUT_ERROR_ID, Disposition, Result, RunResult
from gate.reporters._common import OPEN, covers_text, detail, findings, priority, told_under, where
from gate.safe import terminal

_COMMAND = {Disposition.BLOCK: "error", Disposition.BACKLOG: "warning"}


def escape_data(text: str) -> str:
    """A workflow command's message, escaped; other control characters (ESC...) made visible."""
    return terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(result: Result, covered: list[Result] | None = None) -> str:
    """The workflow command for one blocking or backlog result, on the lines to change (so that a pull
    request shows it on its changed line), naming the narrower results it covers."""
    at = where(result)
    properties = [("file", at.file)]
    if at.start_line:
        properties.append(("line", str(at.start_line)))
        properties.append(("endLine", str(max(at.end_line, at.start_line))))
    properties.append(("title", f"{result.policy_id} {result.title}"))
    if result.policy_id == INPUT_ERROR_ID:
        message = result.message
    else:
        message = f"{result.title}: {result.resource.address}: {detail(result)} ({result.severity.value}, {result.disposition.value})"
        if covered:
            message += f". {covers_text(covered, result)}"
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_COMMAND[result.disposition]} {props}::{escape_data(message)}"


def render(run: RunResult, options: ReportOptions | None = None) -> str:
    """Annotations for every blocking result, then every backlog result, most severe first."""
    acted_on = [r for r in findings(run.results) if r.status in OPEN and r.disposition in _COMMAND]
    under = told_under(run.results)
    lines = [annotation(r, under.get(r.fingerprint)) for r in sorted(acted_on, key=priority)]
    return "".join(line + "\n" for line in lines)
