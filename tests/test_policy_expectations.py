"""The expectations of fail examples (tests/policy_expectations.py) notice what they claim to notice: a policy
that starts failing an example, a failure that stops, a message that no longer says why, a fragment that is only
the title; and the generator keeps hand-written fragments while they match."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from policy_expectations import EXPECT_FILE, Failures, load, mismatches, regenerate, scan_alone, update_folder

from gate.model import Result, RunResult
from gate.policies import builtin_dir

FOLDER = builtin_dir() / "encryption" / "GATE-ENC-001"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return scan_alone(FOLDER / "fail.tf", tmp_path_factory.mktemp("scan"))


def results(run: RunResult) -> list[Result]:
    assert not run.errors, run.errors
    return run.results


def test_the_stated_failures_agree_with_the_scan(run: RunResult) -> None:
    stated = load(FOLDER)["fail.tf"]
    assert stated["GATE-ENC-001"] == {
        "aws_ebs_volume.data": ["encrypted is not set"],
        "aws_ebs_volume.scratch": ["encrypted = false"],
    }
    assert mismatches(stated, results(run)) == []


def test_a_policy_failing_the_example_unstated_is_noticed(run: RunResult) -> None:
    stated = {k: v for k, v in load(FOLDER)["fail.tf"].items() if k != "GATE-ENC-009"}
    problems = mismatches(stated, results(run))
    assert len(problems) == 2 and all(p.startswith("GATE-ENC-009 ") and "not stated" in p for p in problems)


def test_a_stated_failure_that_no_longer_happens_is_noticed(run: RunResult) -> None:
    stated: Failures = {**load(FOLDER)["fail.tf"], "GATE-ENC-002": {"aws_ebs_volume.data": ["anything"]}}
    assert mismatches(stated, results(run)) == ["GATE-ENC-002 aws_ebs_volume.data: stated but does not fail"]


def test_a_message_that_no_longer_says_why_is_noticed(run: RunResult) -> None:
    stated = load(FOLDER)["fail.tf"]
    stated["GATE-ENC-001"]["aws_ebs_volume.data"] = ["encrypted = false"]  # the other volume's reason
    assert mismatches(stated, results(run)) == ["GATE-ENC-001 aws_ebs_volume.data: no failure says 'encrypted = false'"]


def test_a_fragment_that_is_only_the_title_is_refused(run: RunResult) -> None:
    stated = load(FOLDER)["fail.tf"]
    stated["GATE-ENC-001"]["aws_ebs_volume.data"] = ["EBS volume is not encrypted"]
    assert mismatches(stated, results(run)) == [
        "GATE-ENC-001 aws_ebs_volume.data: fragment 'EBS volume is not encrypted' is only the policy's title; "
        "state why it fails"
    ]


def test_regenerating_keeps_fragments_that_match_and_replaces_the_rest(run: RunResult) -> None:
    previous: Failures = {"GATE-ENC-001": {"aws_ebs_volume.data": ["not set"], "aws_ebs_volume.scratch": ["gone"]}}
    fresh = regenerate(previous, results(run))
    assert fresh["GATE-ENC-001"] == {
        "aws_ebs_volume.data": ["not set"],
        "aws_ebs_volume.scratch": ["encrypted = false"],
    }
    assert set(fresh) == {"GATE-ENC-001", "GATE-ENC-009"}


def test_the_generator_is_idempotent_and_fills_a_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "GATE-ENC-001"
    shutil.copytree(FOLDER, folder)
    assert update_folder(folder) is False  # the committed file is what a scan gives
    (folder / EXPECT_FILE).unlink()
    assert update_folder(folder) is True
    assert load(folder) == load(FOLDER)
    assert update_folder(folder) is False
