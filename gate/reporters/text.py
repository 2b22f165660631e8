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
    text = f"  {label:<8} {result.policy_id:<18} {result.resource.address}\n           {where}: {result.message}"
    suppression = result.suppression
    if suppression is not None:
        who = f" by {suppression.owner}" if suppression.owner else ""
        until = f" until {suppression.expires}" if suppression.expires else ""
        text += f"\n           {suppression.kind}{who}{until} ({suppression.source}): {suppression.reason}"
    if result.baseline:
        text += "\n           in the baseline: not new, so backlog"
    return text


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
    extra = "".join(
        f"; {name} {count}" for name, count in (("waived", summary.waived), ("suppressed", summary.suppressed)) if count
    )
    if run.baseline is not None:
        extra += f"; baseline {run.baseline.file}: {run.baseline.matched} known, {len(run.baseline.fixed)} fixed"
    lines.append(
        f"Results: failed {failed}; passed {summary.passed}; unknown {summary.unknown}; errors {summary.errors}{extra}"
        f" (stage {run.stage})"
    )
    lines.append(run.decision)
    return "\n".join(lines) + "\n"
