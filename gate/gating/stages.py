"""Stage profiles: what each result does at a pipeline stage (block the build, become backlog, or nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gate.model import Disposition, Result, Severity, Status
from gate.schema import FORBID

UnknownRule = Literal["ignore", "backlog", "block", "block-if-blocking-severity"]
ErrorRule = Literal["ignore", "backlog", "block"]
InlineRule = Literal["all", "non-blocking", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StageProfile:
    """What a stage does with each result. Every field can be changed in configuration."""

    __pydantic_config__ = FORBID
    block_on: list[Severity] = field(default_factory=lambda: [Severity.CRITICAL])
    backlog_on: list[Severity] = field(default_factory=lambda: [Severity.HIGH, Severity.MEDIUM, Severity.LOW])
    unknown: UnknownRule = "backlog"
    error: ErrorRule = "block"
    # Inline skips honoured: all of them, only those of results that would not block, or none.
    inline_suppressions: InlineRule = "all"
    use_baseline: bool = True
    requires_plan: bool = False


BUILTIN_STAGES: dict[str, StageProfile] = {
    "pre-commit": StageProfile(unknown="ignore"),
    "pr": StageProfile(unknown="backlog"),
    "deploy": StageProfile(
        unknown="block-if-blocking-severity", inline_suppressions="non-blocking", use_baseline=False, requires_plan=True
    ),
}
DEFAULT_STAGE = "pr"


def disposition(result: Result, profile: StageProfile) -> Disposition:
    """What ``result`` does at this stage, from its status and severity alone."""
    if result.status in (Status.PASSED, Status.WAIVED, Status.SUPPRESSED):
        return Disposition.IGNORE
    if result.status is Status.ERROR:
        return Disposition(profile.error)
    by_severity = (
        Disposition.BLOCK
        if result.severity in profile.block_on
        else Disposition.BACKLOG
        if result.severity in profile.backlog_on
        else Disposition.IGNORE
    )
    if result.status is Status.FAILED or result.gap:  # an evaluation gap is no "unknown until apply": every stage
        return by_severity
    if profile.unknown == "block-if-blocking-severity":
        return Disposition.BLOCK if by_severity is Disposition.BLOCK else Disposition.BACKLOG
    return Disposition(profile.unknown)


def gap_notices(results: list[Result]) -> list[str]:
    """One notice for each thing the gate could not compute that a result depends on, where it is used."""
    found = {(r.location.file, r.gap) for r in results if r.gap and r.status is Status.UNKNOWN}
    return [
        f"{file}: the gate cannot compute a value ({gap}); results that depend on it are decided as failures at every stage"
        for file, gap in sorted(found)
    ]


def decide(results: list[Result]) -> tuple[bool, str]:
    """The run's single decision and the sentence that states it."""
    # A result told under a broader finding is not counted again: that finding does at least as much.
    blocking = [r for r in results if r.disposition is Disposition.BLOCK and r.subsumed_by is None]
    backlog = sum(1 for r in results if r.disposition is Disposition.BACKLOG and r.subsumed_by is None)
    tail = f"; {backlog} backlog item{'s' if backlog != 1 else ''}" if backlog else ""
    if not blocking:
        return True, f"PASSED: no blocking results{tail}"
    errors = [r for r in blocking if r.status is Status.ERROR]
    failed = [r for r in blocking if r.status is not Status.ERROR]
    reasons = []
    if failed:
        severities = sorted({r.severity for r in failed}, key=lambda s: s.rank)
        unknown = sum(1 for r in failed if r.status is Status.UNKNOWN and not r.gap)
        gaps = sum(1 for r in failed if r.status is Status.UNKNOWN and r.gap)
        what = (
            f"{len(failed)} blocking result{'s' if len(failed) != 1 else ''} ({', '.join(s.value for s in severities)})"
        )
        if unknown:
            what += f", {unknown} of them unknown until apply"
        if gaps:
            what += f", {gaps} of them values the gate cannot compute"
        reasons.append(what)
    if errors:
        files = sorted({r.location.file for r in errors})
        reasons.append(
            f"{len(files)} file{'s' if len(files) != 1 else ''} could not be read or evaluated (fail closed)"
        )
    return False, "BLOCKED: " + " and ".join(reasons) + tail
