"""JUnit as GitLab's test report and Jenkins read it, parsed with junitparser: suites, cases, results, and the
``file`` and ``line`` attributes that link a case to its code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from junitparser import Attr, Error, Failure, IntAttr, JUnitXml, Skipped, TestCase, TestSuite

from gate.model import Disposition, Result, RunResult, Status
from gate.reporters import ReportOptions, writer
from gate.reporters.junit import render


class LinkedCase(TestCase):
    """A test case with the attributes GitLab reads to link it to a file."""

    file = Attr()
    line = IntAttr()


def parse(text: str, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "junit.xml"
    path.write_text(text, encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    assert isinstance(xml, JUnitXml), "the root element is <testsuites>"
    return xml


def cases_by_key(xml: JUnitXml) -> dict[tuple[str, str], LinkedCase]:
    out: dict[tuple[str, str], LinkedCase] = {}
    for suite in xml:
        assert isinstance(suite, TestSuite)
        for case in suite:
            linked = LinkedCase.fromelem(case)
            key = (linked.classname.rsplit(".", 1)[-1], linked.name)
            assert key not in out, f"duplicate test case {key}"
            out[key] = linked
    return out


def key_of(result: Result) -> tuple[str, str]:
    if result.policy_id == "GATE-INPUT-ERROR":
        return result.policy_id, f"{result.location.file}:{result.location.start_line}"
    return result.policy_id, f"{result.resource.address} ({result.location.file})"


def test_one_suite_per_policy_and_one_case_per_policy_and_resource(run: RunResult, tmp_path: Path) -> None:
    xml = parse(render(run), tmp_path)
    suites = list(xml)
    assert sorted(s.name.split(":")[0] for s in suites) == sorted({r.policy_id for r in run.results})
    cases = cases_by_key(xml)
    assert len(cases) == len(run.results) == sum(s.tests for s in suites)
    for result in run.results:
        case = cases[key_of(result)]
        assert case.classname.startswith("policy-gate.") and case.classname.endswith(result.policy_id)
        assert case.file == result.location.file
        assert case.line == result.location.start_line


def test_results_become_failures_skips_and_errors(run: RunResult, tmp_path: Path) -> None:
    cases = cases_by_key(parse(writer("junit", ReportOptions(junit_backlog="failure"))(run), tmp_path))
    for result in run.results:
        case = cases[key_of(result)]
        outcome = case.result
        if result.status is Status.PASSED:
            assert case.is_passed and not outcome
        elif result.status is Status.ERROR:
            assert isinstance(outcome[0], Error) and "unexpected end of file" in (outcome[0].message or "")
        elif result.status in (Status.WAIVED, Status.SUPPRESSED):
            assert isinstance(outcome[0], Skipped)
            assert result.suppression is not None and result.suppression.reason in (outcome[0].message or "")
        else:
            assert isinstance(outcome[0], Failure), (result.policy_id, result.disposition)
            assert outcome[0].type == ("blocking" if result.disposition is Disposition.BLOCK else "backlog")
            assert result.policy_id in (outcome[0].message or "")
            assert result.message in (outcome[0].text or "")


def test_backlog_is_skipped_by_default_so_the_report_follows_the_decision(run: RunResult, tmp_path: Path) -> None:
    text = render(run)
    assert text == writer("junit", ReportOptions(junit_backlog="skipped"))(run)
    cases = cases_by_key(parse(text, tmp_path))
    backlog = [r for r in run.results if r.disposition is Disposition.BACKLOG]
    blocking = [r for r in run.results if r.disposition is Disposition.BLOCK and r.status is not Status.ERROR]
    assert backlog and blocking
    for result in backlog:
        skipped = cases[key_of(result)].result[0]
        assert isinstance(skipped, Skipped)
        assert (skipped.message or "").startswith(f"backlog item: {result.severity.value} {result.policy_id}: ")
    for result in blocking:
        assert isinstance(cases[key_of(result)].result[0], Failure)
    totals = parse(text, tmp_path)
    assert totals.failures == len(blocking) and totals.errors == 1


def test_junit_backlog_failure_counts_backlog_as_failures(run: RunResult, tmp_path: Path) -> None:
    xml = parse(writer("junit", ReportOptions(junit_backlog="failure"))(run), tmp_path)
    failing = [
        r
        for r in run.results
        if r.status in (Status.FAILED, Status.UNKNOWN) and r.disposition in (Disposition.BLOCK, Disposition.BACKLOG)
    ]
    assert xml.failures == len(failing)
    assert xml.skipped == sum(1 for r in run.results if r.status in (Status.WAIVED, Status.SUPPRESSED))


def test_a_run_with_no_results_is_an_empty_passing_report(run: RunResult, tmp_path: Path) -> None:
    xml = parse(render(replace(run, results=[])), tmp_path)
    assert xml.tests == 0 and xml.failures == 0
