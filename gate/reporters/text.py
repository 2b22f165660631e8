"""Readable text for a terminal: what blocks first, then backlog, then counts, and the decision last.

Colour is only ever added on request (``render(run, ReportOptions(color=True))``); :func:`use_color` says when a terminal
should get it. The words and their order are the same with and without colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gate.reporters import ReportOptions

from collections.abc import Mapping
from typing import TextIO

from gate.model import Disposition, Result, RunResult, Severity, Status
from gate.reporters._common import covers_text, findings, told_under, where
from gate.safe import guard_lines, terminal

_SECTIONS = (
    (Disposition.BLOCK, "Blocking"),
    (Disposition.BACKLOG, "Backlog"),
    (Disposition.IGNORE, "Ignored at this stage"),
)

# ANSI SGR codes.
_BOLD_RED, _RED, _YELLOW, _CYAN, _MAGENTA, _GREEN, _DIM = "1;31", "31", "33", "36", "35", "1;32", "2"
_HEADING = {Disposition.BLOCK: _BOLD_RED, Disposition.BACKLOG: _YELLOW, Disposition.IGNORE: _DIM}
_SEVERITY = {
    Severity.CRITICAL: _BOLD_RED,
    Severity.HIGH: _RED,
    Severity.MEDIUM: _YELLOW,
    Severity.LOW: _CYAN,
    Severity.INFO: _DIM,
}

_STATUS = {Status.ERROR: _MAGENTA, Status.UNKNOWN: _YELLOW}


def use_color(flag: bool | None, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether text written to ``stream`` gets colour: ``--color``/``--no-color`` when given, else only on a
    terminal, never when ``NO_COLOR`` is set to anything (https://no-color.org) or ``TERM`` is ``dumb``."""
    if flag is not None:
        return flag
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled and text else text


def _line(result: Result, paint: _Paint, covered: list[Result], roots: bool) -> str:
    at = where(result)
    place = terminal(at.file)
    if at.start_line:
        place += f":{at.start_line}"
    if result.status is Status.FAILED:
        label, code = result.severity.value.upper(), _SEVERITY[result.severity]
    else:
        label, code = result.status.value.upper(), _STATUS.get(result.status, _DIM)
    text = (
        f"  {paint(f'{label:<8}', code)} {paint(f'{terminal(result.policy_id):<18}', _DIM)} {terminal(result.resource.address)}\n"
        f"           {place}: {terminal(result.message)}"
    )
    if (
        roots and result.root and result.root.partition(":")[2] != result.location.file
    ):  # several roots scanned: say which one judged it (a module may serve several)
        text += "\n" + paint(f"           root {terminal(result.root)}", _DIM)
    if covered:
        text += "\n" + paint(f"           {terminal(covers_text(covered, result))}", _DIM)
    suppression = result.suppression
    if suppression is not None:
        who = f" by {terminal(suppression.owner)}" if suppression.owner else ""
        until = f" until {suppression.expires}" if suppression.expires else ""
        text += "\n" + paint(
            f"           {suppression.kind}{who}{until} ({terminal(suppression.source)}): {terminal(suppression.reason)}",
            _DIM,
        )
    if result.baseline:
        text += "\n" + paint("           in the baseline: not new, so backlog", _DIM)
    return text


def render(run: RunResult, options: ReportOptions | None = None) -> str:
    """The text report of ``run``; ``options.color`` adds ANSI colours (for a terminal) without changing a word."""
    paint = _Paint(options is not None and options.color)
    lines: list[str] = []
    shown = [r for r in findings(run.results) if r.status is not Status.PASSED]
    under = told_under(run.results)
    roots = len({r.root for r in run.results if r.root}) > 1
    for disposition, heading in _SECTIONS:
        group = [r for r in shown if r.disposition is disposition]
        if not group:
            continue
        group.sort(key=lambda r: (r.severity.rank, r.location.file, r.location.start_line, r.policy_id))
        lines.append(paint(f"{heading} ({len(group)}):", _HEADING[disposition]))
        lines.extend(_line(r, paint, under.get(r.fingerprint, []), roots) for r in group)
        lines.append("")
    for notice in run.notices:
        lines.append(f"{paint('note:', _CYAN)} {terminal(notice)}")
    if run.notices:
        lines.append("")
    failed = ", ".join(f"{count} {severity}" for severity, count in run.summary.failed.items() if count) or "none"
    summary = run.summary
    extra = "".join(
        f"; {name} {count}"
        for name, count in (
            ("waived", summary.waived),
            ("suppressed", summary.suppressed),
            ("covered by a broader finding", summary.subsumed),
        )
        if count
    )
    if run.baseline is not None:
        extra += (
            f"; baseline {terminal(run.baseline.file)}: {run.baseline.matched} known, {len(run.baseline.fixed)} fixed"
        )
    lines.append(
        f"Results: failed {failed}; passed {summary.passed}; unknown {summary.unknown}; errors {summary.errors}{extra}"
        f" (stage {run.stage})"
    )
    lines.append(paint(run.decision, _GREEN if run.passed else _BOLD_RED))
    return guard_lines("\n".join(lines)) + "\n"
