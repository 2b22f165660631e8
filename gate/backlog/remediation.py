"""``gate backlog plan``: a remediation plan in Markdown, from a scan's JSON report.

Findings (failed or unknown, blocking or backlog) are grouped into phases by severity (critical and high
first), then by owner (CODEOWNERS or an owner tag), then by policy, with the policy's remediation for each
input format involved and a checklist of the resources to fix.
"""

from __future__ import annotations

from collections import defaultdict

from gate.backlog.codeowners import CodeOwners
from gate.backlog.findings import OPEN, route
from gate.model import Disposition, Result, RunResult, Severity, target_of
from gate.reporters._common import detail, policy_of, priority, remediation
from gate.safe import markdown, markdown_code, mention

PHASES: tuple[tuple[str, tuple[Severity, ...]], ...] = (
    ("critical and high", (Severity.CRITICAL, Severity.HIGH)),
    ("medium", (Severity.MEDIUM,)),
    ("low and info", (Severity.LOW, Severity.INFO)),
)
NO_OWNER = "no owner found (add the files to CODEOWNERS)"
OVERDUE = "past due (the ticket's due date has passed)"
_FORMAT_NAMES = {"terraform": "Terraform", "cloudformation": "CloudFormation"}


def render_plan(
    run: RunResult, owners: CodeOwners | None, due: dict[Severity, int | None], overdue: set[str] | None = None
) -> str:
    """The remediation plan of ``run`` as Markdown; findings whose ticket is past its due date (``overdue``,
    fingerprints: gate.backlog.metrics) come first, in a phase of their own."""
    # a result told under a broader finding (subsumed_by) is fixed with it: not a finding of its own
    results = sorted(
        (
            r
            for r in run.results
            if r.status in OPEN and r.disposition is not Disposition.IGNORE and r.subsumed_by is None
        ),
        key=priority,
    )
    late = [r for r in results if r.fingerprint in (overdue or set())]
    results = [r for r in results if r not in late]
    files = {r.location.file for r in [*late, *results]}
    blocking = sum(1 for r in [*late, *results] if r.disposition is Disposition.BLOCK)
    lines = [
        "# Remediation plan",
        "",
        f"From a `{run.stage}` scan by {run.tool.name} {run.tool.version}: {len(results) + len(late)} finding(s) "
        f"({blocking} blocking) in {len(files)} file(s).",
        "",
    ]
    if not results and not late:
        return "\n".join([*lines, "Nothing to fix: no failed or unknown results that block or go to the backlog.", ""])
    lines += ["| Phase | Severities | Findings | Fix within |", "|---|---|---|---|"]
    phased = [(name, severities, [r for r in results if r.severity in severities]) for name, severities in PHASES]
    if late:
        phased.insert(0, (OVERDUE, tuple(Severity), late))
    for number, (name, severities, members) in enumerate(phased, start=1):
        lines.append(f"| {number} | {name} | {len(members)} | {_within(severities, due)} |")
    lines.append("")
    for number, (name, severities, members) in enumerate(phased, start=1):
        if members and name == OVERDUE:
            lines += [f"## Phase {number}: {name}", "", *_phase(run, members, owners)]
        elif members:
            within = _within(severities, due)
            heading = f"## Phase {number}: {name}" + (f" (fix within {within})" if within[0].isdigit() else "")
            lines += [heading, "", *_phase(run, members, owners)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _phase(run: RunResult, members: list[Result], owners: CodeOwners | None) -> list[str]:
    by_owner: dict[str, list[Result]] = defaultdict(list)
    for result in members:
        team, _ = route(result, owners)
        by_owner[", ".join(mention(o) for o in team) or NO_OWNER].append(result)
    lines: list[str] = []
    for owner in sorted(by_owner, key=lambda o: (o == NO_OWNER, o.lower())):
        group = by_owner[owner]
        lines += [f"### Owner: {owner} ({len(group)})", ""]
        by_policy: dict[str, list[Result]] = defaultdict(list)
        for result in group:
            by_policy[result.policy_id].append(result)
        for policy_id, findings in sorted(by_policy.items(), key=lambda item: (item[1][0].severity.rank, item[0])):
            policy = policy_of(run, findings[0])
            lines += [f"#### {policy_id}: {policy.title} ({findings[0].severity.value})", ""]
            for fmt in sorted({target_of(r.resource.format) for r in findings}):
                lines += [f"How to fix ({_FORMAT_NAMES.get(fmt, fmt)}): {remediation(policy, fmt)}", ""]
            for result in findings:
                where = result.location.file + (f":{result.location.start_line}" if result.location.start_line else "")
                mark = " **(blocking)**" if result.disposition is Disposition.BLOCK else ""
                lines.append(
                    f"- [ ] {markdown_code(result.resource.address)} in {markdown_code(where)}{mark}: {markdown(detail(result))}"
                )
            lines.append("")
    return lines


def _within(severities: tuple[Severity, ...], due: dict[Severity, int | None]) -> str:
    if severities == tuple(Severity):
        return "now"
    days = sorted({d for d in (due.get(s) for s in severities) if d is not None})
    if not days:
        return "no due date"
    return f"{days[0]} days" if len(days) == 1 else f"{days[0]} to {days[-1]} days"
