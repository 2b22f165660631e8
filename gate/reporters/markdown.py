"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` and merge request comments.

The decision comes first, then counts by severity and disposition, a table of blocking results (with links
to the files when ``ReportOptions.source_url`` names the commit: see ``ReportOptions.from_environment``),
the backlog in a collapsed section, then what was set aside and the notices. GitHub keeps at most 1 MiB of
a step summary: rows that would pass ``MAX_BYTES`` are left out, with a note saying how many.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from gate.model import Disposition, Result, RunResult, Severity, Status
from gate.reporters import ReportOptions
from gate.reporters._common import OPEN, SET_ASIDE, detail, priority, suppression_text
from gate.reporters.safe import markdown, markdown_code
from gate.reporters.who import change_text, introduced_text

MAX_BYTES = 1024 * 1024
_RESERVE = 4096  # room for the closing lines and the truncation note
_ICON = {Disposition.BLOCK: "⛔", Disposition.BACKLOG: "📋", Disposition.IGNORE: "·"}


def render(run: RunResult, options: ReportOptions | None = None, max_bytes: int = MAX_BYTES) -> str:
    """The Markdown summary of ``run``, at most ``max_bytes`` bytes of UTF-8."""
    options = options or ReportOptions()
    summary = _Budget(max_bytes - _RESERVE)
    icon = "✅" if run.passed else "⛔"
    summary.add(f"## {icon} policy-gate: {_cell(run.decision)}", "", f"Stage `{run.stage}` · {run.tool.name} {run.tool.version}", "")
    if run.change is not None:
        summary.add(f"For {_cell(change_text(run.change))}", "")
    summary.add(*_counts(run), "")
    open_results = sorted((r for r in run.results if r.status in OPEN), key=priority)
    blocking = [r for r in open_results if r.disposition is Disposition.BLOCK]
    backlog = [r for r in open_results if r.disposition is Disposition.BACKLOG]
    set_aside = [r for r in run.results if r.status in SET_ASIDE]
    if blocking:
        summary.add(f"### Blocking results ({len(blocking)})", "")
        summary.table(_HEADER, (_row(r, options) for r in blocking))
    if backlog:
        summary.add("<details>", f"<summary>Backlog ({len(backlog)})</summary>", "")
        summary.table(_HEADER, (_row(r, options) for r in backlog))
        summary.add("</details>", "", force=True)
    if set_aside:
        summary.add("<details>", f"<summary>Waived or suppressed ({len(set_aside)})</summary>", "")
        summary.table(("Policy", "Resource", "Location", "Why"), (
            (f"`{r.policy_id}`", _code(r.resource.address), _where(r, options), _cell(suppression_text(r))) for r in set_aside
        ))
        summary.add("</details>", "", force=True)
    for notice in run.notices:
        summary.add(f"> {_cell(notice)}", force=False)
    if summary.omitted:
        summary.add(
            "",
            f"_{summary.omitted} entries were left out to keep this summary under {max_bytes // 1024} KiB: "
            "the JSON, SARIF or JUnit report has every result._",
            force=True,
        )
    return "\n".join(summary.lines).rstrip("\n") + "\n"


_HEADER = ("Severity", "Policy", "Resource", "Location", "Finding")


class _Budget:
    """Lines of Markdown that stop growing, and count what they leave out, once ``limit`` bytes are used."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.lines: list[str] = []
        self.omitted = 0

    def add(self, *lines: str, force: bool = True) -> bool:
        size = sum(len(line.encode("utf-8")) + 1 for line in lines)
        if not force and self.used + size > self.limit:
            self.omitted += 1
            return False
        self.lines.extend(lines)
        self.used += size
        return True

    def table(self, header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> None:
        self.add("| " + " | ".join(header) + " |", "|" + "---|" * len(header))
        for row in rows:
            self.add("| " + " | ".join(row) + " |", force=False)
        self.add("", force=True)


def _counts(run: RunResult) -> list[str]:
    open_results = [r for r in run.results if r.status in OPEN]
    header = "| | " + " | ".join(s.value for s in Severity) + " | total |"
    lines = [header, "|---|" + "---:|" * (len(Severity) + 1)]
    for disposition in Disposition:
        counts = [sum(1 for r in open_results if r.disposition is disposition and r.severity is s) for s in Severity]
        lines.append(f"| {_ICON[disposition]} {disposition.value} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    summary = run.summary
    others = [f"passed {summary.passed}", f"unknown until apply {summary.unknown}", f"input errors {summary.errors}"]
    others += [f"waived {summary.waived}", f"suppressed {summary.suppressed}"]
    return [*lines, "", "Results: " + ", ".join(others) + "."]


def _row(result: Result, options: ReportOptions) -> tuple[str, ...]:
    label = result.severity.value
    if result.status is Status.UNKNOWN:
        label += " (unknown until apply)"
    elif result.status is Status.ERROR:
        label = "input error"
    finding = _cell(detail(result))
    if result.introduced is not None:
        finding += " · introduced " + _cell(introduced_text(result.introduced))
    return (label, f"`{result.policy_id}`", _code(result.resource.address), _where(result, options), finding)


def _where(result: Result, options: ReportOptions) -> str:
    location = result.location
    text = location.file + (f":{location.start_line}" if location.start_line else "")
    if not options.source_url:
        return _code(text)
    url = options.source_url + quote(location.file, safe="/")
    if location.start_line:
        end = max(location.end_line, location.start_line)
        url += f"#L{location.start_line}"
        if end > location.start_line:
            url += f"-L{end}" if options.source_host == "github" else f"-{end}"
    return f"[{_cell(text)}]({url})"


def _cell(text: str) -> str:
    """Scanned text as Markdown that acts on nothing (gate.reporters.safe), safe in a table cell."""
    return markdown(text)


def _code(text: str) -> str:
    return markdown_code(text).replace("|", "\\|")
