"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` and pull or merge request comments.

The decision comes first, then counts by severity and disposition, a table of blocking results (with links
to the files when ``ReportOptions.source_url`` names the commit: see ``ReportOptions.from_environment``),
the backlog by severity in a collapsed section, then what was set aside and the notices. The summary fits
where it goes (``ReportOptions.markdown_limit``, ``--markdown-limit``): GitHub keeps at most 1 MiB of a step
summary and 65,536 characters of a comment (GitLab 1,000,000 of a note). Rows that would pass the limit are left
out, most urgent kept first, and a closing line counts what was left out of each part.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from gate.model import Disposition, Result, RunResult, Severity, Status
from gate.reporters import ReportOptions
from gate.reporters._common import (
    OPEN,
    SET_ASIDE,
    covers_text,
    detail,
    findings,
    priority,
    suppression_text,
    told_under,
    where,
)
from gate.reporters.who import change_text, introduced_text
from gate.safe import markdown, markdown_code

# Bytes of UTF-8; a limit in bytes is also a limit in characters, which are never fewer than one byte.
LIMITS = {"comment": 65_536, "summary": 1024 * 1024}
MAX_BYTES = LIMITS["summary"]
_RESERVE = 4096  # room for the closing lines and the truncation note (a quarter of the limit at most)
_ICON = {Disposition.BLOCK: "⛔", Disposition.BACKLOG: "📋", Disposition.IGNORE: "·"}


def render(run: RunResult, options: ReportOptions | None = None, max_bytes: int | None = None) -> str:
    """The Markdown summary of ``run``, at most ``max_bytes`` (else ``options.markdown_limit``) bytes of UTF-8."""
    options = options or ReportOptions()
    limit = max_bytes or options.markdown_limit
    summary = _Budget(limit - min(_RESERVE, limit // 4))
    icon = "✅" if run.passed else "⛔"
    summary.add(
        f"## {icon} policy-gate: {_cell(run.decision)}",
        "",
        f"Stage `{run.stage}` · {run.tool.name} {run.tool.version}",
        "",
    )
    if run.change is not None:
        summary.add(f"For {_cell(change_text(run.change))}", "")
    summary.add(*_counts(run), "")
    open_results = sorted((r for r in findings(run.results) if r.status in OPEN), key=priority)
    under = told_under(run.results)
    blocking = [r for r in open_results if r.disposition is Disposition.BLOCK]
    backlog = [r for r in open_results if r.disposition is Disposition.BACKLOG]
    set_aside = [r for r in run.results if r.status in SET_ASIDE]
    if blocking:
        summary.add(f"### Blocking results ({len(blocking)})", "")
        summary.table(_HEADER, (_row(r, options, under.get(r.fingerprint, [])) for r in blocking), "blocking results")
    if backlog:
        summary.add("<details>", f"<summary>Backlog ({len(backlog)})</summary>", "")
        for severity in Severity:
            rows = [r for r in backlog if r.severity is severity]
            if rows:
                summary.add(f"#### {severity.value.capitalize()} ({len(rows)})", "")
                summary.table(_HEADER, (_row(r, options, under.get(r.fingerprint, [])) for r in rows), "backlog items")
        summary.add("</details>", "", force=True)
    if set_aside:
        summary.add("<details>", f"<summary>Waived or suppressed ({len(set_aside)})</summary>", "")
        summary.table(
            ("Policy", "Resource", "Location", "Why"),
            (
                (f"`{r.policy_id}`", _code(r.resource.address), _where(r, options), _cell(suppression_text(r)))
                for r in set_aside
            ),
            "waived or suppressed results",
        )
    for notice in run.notices:
        summary.add(f"> {_cell(notice)}", force=False, part="notices")
    if summary.omitted:
        left_out = ", ".join(f"{count} {part}" for part, count in summary.omitted.items())
        summary.add(
            "",
            f"_Left out to keep this summary under {_size(limit)}: {left_out}. "
            "The JSON, SARIF or JUnit report has every result._",
            force=True,
        )
    return "\n".join(summary.lines).rstrip("\n") + "\n"


def _size(limit: int) -> str:
    return f"{limit // 1024 // 1024} MiB" if limit % (1024 * 1024) == 0 else f"{limit:,} bytes"


_HEADER = ("Severity", "Policy", "Resource", "Location", "Finding")


class _Budget:
    """Lines of Markdown that stop growing once ``limit`` bytes are used, and count what they leave out."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.lines: list[str] = []
        self.omitted: dict[str, int] = {}

    def add(self, *lines: str, force: bool = True, part: str = "lines") -> bool:
        size = sum(len(line.encode("utf-8")) + 1 for line in lines)
        if not force and self.used + size > self.limit:
            self.omitted[part] = self.omitted.get(part, 0) + 1
            return False
        self.lines.extend(lines)
        self.used += size
        return True

    def table(self, header: tuple[str, ...], rows: Iterable[tuple[str, ...]], part: str) -> None:
        self.add("| " + " | ".join(header) + " |", "|" + "---|" * len(header))
        for row in rows:
            self.add("| " + " | ".join(row) + " |", force=False, part=part)
        self.add("", force=True)


def _counts(run: RunResult) -> list[str]:
    open_results = [r for r in findings(run.results) if r.status in OPEN]
    header = "| | " + " | ".join(s.value for s in Severity) + " | total |"
    lines = [header, "|---|" + "---:|" * (len(Severity) + 1)]
    for disposition in Disposition:
        counts = [sum(1 for r in open_results if r.disposition is disposition and r.severity is s) for s in Severity]
        lines.append(
            f"| {_ICON[disposition]} {disposition.value} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |"
        )
    summary = run.summary
    others = [f"passed {summary.passed}", f"unknown until apply {summary.unknown}", f"input errors {summary.errors}"]
    others += [f"waived {summary.waived}", f"suppressed {summary.suppressed}"]
    if summary.subsumed:
        others.append(f"covered by a broader finding {summary.subsumed}")
    return [*lines, "", "Results: " + ", ".join(others) + "."]


def _row(result: Result, options: ReportOptions, covered: list[Result] | None = None) -> tuple[str, ...]:
    label = result.severity.value
    if result.status is Status.UNKNOWN:
        label += " (unknown until apply)"
    elif result.status is Status.ERROR:
        label = "input error"
    finding = _cell(detail(result) + (f". {covers_text(covered, result)}" if covered else ""))
    if result.introduced is not None:
        finding += " · introduced " + _cell(introduced_text(result.introduced))
    return (label, f"`{result.policy_id}`", _code(result.resource.address), _where(result, options), finding)


def _where(result: Result, options: ReportOptions) -> str:
    location = where(result)
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
    """Scanned text as Markdown that acts on nothing (gate.safe), safe in a table cell."""
    return markdown(text)


def _code(text: str) -> str:
    return markdown_code(text).replace("|", "\\|")
