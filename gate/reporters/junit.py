"""JUnit XML (written with ``junit-xml``), as GitLab's test report and Jenkins' JUnit plugin read it.

One ``testsuite`` per policy, one ``testcase`` per (policy, resource) with ``classname``
(``policy-gate.<family>.<policy id>``, so Jenkins groups cases by family and policy), ``name`` (the resource
address and its file), ``file`` and ``line``. What each result becomes:

- failed or unknown, blocking at this stage: ``failure``;
- failed or unknown, backlog: ``skipped`` with its message by default (``ReportOptions(junit_backlog="skipped")``,
  ``gate scan --junit-backlog skipped``), so that the test report follows the decision: GitLab's test widget and
  Jenkins mark a build red on any failure, and a gate that passed must not read as failed there. The message
  (``backlog item: <severity> <policy id>: ...``) keeps the finding in sight. ``--junit-backlog failure`` shows
  backlog items as failures too, with type ``backlog`` (the report of earlier versions);
- failed or unknown, ignored at this stage: ``skipped`` (the stage does not act on it);
- waived or suppressed: ``skipped``, with who set it aside and why;
- error (an input that could not be read, a policy that could not be evaluated): ``error``;
- passed: a passing test case.

No timestamps and no durations are written: the same scan gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from junit_xml import TestCase, TestSuite, to_xml_report_string  # type: ignore[import-untyped]

from gate.model import INPUT_ERROR_ID, Disposition, Result, RunResult, Status
from gate.reporters import ReportOptions
from gate.reporters._common import SET_ASIDE, detail, policy_of, remediation, suppression_text, where


def render(run: RunResult, options: ReportOptions | None = None) -> str:
    """The JUnit XML document of ``run``."""
    options = options or ReportOptions()
    by_policy: dict[str, list[Result]] = {}
    for result in run.results:
        by_policy.setdefault(result.policy_id, []).append(result)
    suites = [_suite(run, policy_id, by_policy[policy_id], options) for policy_id in sorted(by_policy)]
    if not suites:
        suites = [TestSuite(run.tool.name, [], properties={"stage": run.stage, "decision": run.decision})]
    text: str = to_xml_report_string(suites, prettyprint=True, encoding="utf-8")
    return text


def _suite(run: RunResult, policy_id: str, results: list[Result], options: ReportOptions) -> Any:
    policy = policy_of(run, results[0])
    ordered = sorted(results, key=lambda r: (r.location.file, r.location.start_line, r.resource.address))
    properties = {
        "title": policy.title,
        "severity": policy.severity.value,
        "family": policy.family,
        "stage": run.stage,
    }
    return TestSuite(
        f"{policy_id}: {policy.title}",
        [_case(run, r, options) for r in ordered],
        package=f"{run.tool.name}.{policy.family}",
        properties=properties,
    )


def _case(run: RunResult, result: Result, options: ReportOptions) -> Any:
    policy = policy_of(run, result)
    name = (
        result.location.file
        if result.policy_id == INPUT_ERROR_ID
        else f"{result.resource.address} ({result.location.file})"
    )
    if result.policy_id == INPUT_ERROR_ID and result.location.start_line:
        name += f":{result.location.start_line}"
    case = TestCase(
        name,
        classname=f"{run.tool.name}.{policy.family}.{result.policy_id}",
        file=result.location.file,
        line=result.location.start_line or None,
    )
    if result.status is Status.PASSED:
        return case
    if result.status is Status.ERROR:
        case.add_error_info(message=result.message, output=_output(run, result), error_type="error")
        return case
    if result.status in SET_ASIDE:
        case.add_skipped_info(message=suppression_text(result), output=_output(run, result))
        return case
    if result.subsumed_by is not None:  # one failure per problem: the broader finding's case says it
        case.add_skipped_info(
            message=f"covered by a broader finding on the same rule: {detail(result)}", output=_output(run, result)
        )
        return case
    summary = f"{result.severity.value} {result.policy_id}: {detail(result)}"
    if result.disposition is Disposition.BLOCK or (
        result.disposition is Disposition.BACKLOG and options.junit_backlog == "failure"
    ):
        kind = "blocking" if result.disposition is Disposition.BLOCK else "backlog"
        case.add_failure_info(message=summary, output=_output(run, result), failure_type=kind)
    else:
        what = "backlog item" if result.disposition is Disposition.BACKLOG else f"not acted on at stage {run.stage}"
        case.add_skipped_info(message=f"{what}: {summary}", output=_output(run, result))
    return case


def _output(run: RunResult, result: Result) -> str:
    policy = policy_of(run, result)
    at = where(result)
    place = at.file + (f":{at.start_line}" if at.start_line else "")
    lines = [
        result.message,
        "",
        f"Resource: {result.resource.address} ({result.resource.type}, {result.resource.format})",
        f"Location: {place}",
        f"Status: {result.status.value}; severity {result.severity.value}; {result.disposition.value} at stage {run.stage}",
    ]
    for evidence in result.evidence:
        lines.append(f"Evidence: {evidence.attribute}: {evidence.note if evidence.note else repr(evidence.value)}")
    fix = remediation(policy, result.resource.format)
    if fix:
        lines += ["", f"Remediation: {fix}"]
    if policy.references:
        lines += ["", "References:", *(f"  {ref}" for ref in policy.references)]
    return "\n".join(lines)
