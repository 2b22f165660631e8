"""Readable text for a terminal: what blocks first, then backlog, then counts, and the decision last."""

from __future__ import annotations

from gate.model import Disposition, Result, RunResult, Status

_SECTIONS = (
    (Disposition.BLOCK, "Blocking"),
    (Disposition.BACKLOG, "Backlog"),
    (Disposition.IGNORE, "Ignored at this stage"),
)


def _line(result: Result) -> str:
    where = result.location.file
    if result.location.start_line:
        where += f":{result.location.start_line}"
    label = result.status.value.upper() if result.status is not Status.FAILED else result.severity.value.upper()
    return f"  {label:<8} {result.policy_id:<18} {result.resource.address}\n           {where}: {result.message}"


def render(run: RunResult) -> str:
    lines: list[str] = []
    shown = [r for r in run.results if r.status is not Status.PASSED]
    for disposition, heading in _SECTIONS:
        group = [r for r in shown if r.disposition is disposition]
        if not group:
            continue
        group.sort(key=lambda r: (r.severity.rank, r.location.file, r.location.start_line, r.policy_id))
        lines.append(f"{heading} ({len(group)}):")
        lines.extend(_line(r) for r in group)
        lines.append("")
    for notice in run.notices:
        lines.append(f"note: {notice}")
    if run.notices:
        lines.append("")
    failed = ", ".join(f"{count} {severity}" for severity, count in run.summary.failed.items() if count) or "none"
    summary = run.summary
    lines.append(
        f"Results: failed {failed}; passed {summary.passed}; unknown {summary.unknown}; errors {summary.errors}"
        f" (stage {run.stage})"
    )
    lines.append(run.decision)
    return "\n".join(lines) + "\n"
