"""``gate scan --block-on SEVERITIES``: the pipeline chooses what blocks at this stage, and only that changes.
Run through the real CLI on the sample repositories of the integration tests; the GitHub outputs writer is
read back as the Actions runner reads ``$GITHUB_OUTPUT``."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.cli.main import main

SAMPLES = Path(__file__).parent / "fixtures" / "integrations"


@pytest.fixture
def insecure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(SAMPLES / "insecure", root)
    (root / ".git").mkdir()  # the scan root
    monkeypatch.chdir(root)
    return root


def scan(*args: str) -> tuple[int, dict[str, object], str]:
    done = CliRunner().invoke(main, ["scan", "--format", "json", *args])
    if done.exit_code not in (0, 1):
        return done.exit_code, {}, done.output
    return done.exit_code, json.loads(done.stdout), done.output


def acted_on(result: dict[str, object]) -> list[tuple[str, str]]:
    return sorted(
        (r["severity"], r["disposition"])
        for r in result["results"]  # type: ignore[index, union-attr]
        if r["disposition"] in ("block", "backlog")
    )


def test_one_severity_blocks_it_and_all_more_severe(insecure: Path) -> None:
    code, before, _ = scan()
    assert code == 1 and ("critical", "block") in acted_on(before)
    code, after, _ = scan("--block-on", "high")
    assert code == 1
    assert acted_on(after) == sorted(
        (severity, "block" if severity in ("critical", "high") else "backlog") for severity, _ in acted_on(before)
    )
    assert "--block-on: stage pr blocks on critical, high" in after["notices"]  # type: ignore[operator]


def test_none_and_exact_lists(insecure: Path) -> None:
    _, before, _ = scan()
    severities = [s for s, _ in acted_on(before)]
    code, none, _ = scan("--block-on", "none")
    assert code == 0 and acted_on(none) == sorted((s, "backlog") for s in severities)
    code, listed, _ = scan("--block-on", "low, critical")
    assert code == 1
    assert acted_on(listed) == sorted((s, "block" if s in ("low", "critical") else "backlog") for s in severities)


def test_the_rest_of_the_configuration_stays(insecure: Path) -> None:
    """Only the stage's blocking severities change: an exclusion and another stage's settings stay."""
    (insecure / ".gate.yaml").write_text("policies:\n  exclude: [GATE-ENC-*]\nstages:\n  pr: {unknown: ignore}\n")
    code, result, _ = scan("--block-on", "high")
    assert code == 1
    assert not any(str(r["policy_id"]).startswith("GATE-ENC-") for r in result["results"])  # type: ignore[union-attr]
    assert acted_on(result) == [("critical", "block")]


def test_a_custom_stage_that_extends_another(insecure: Path) -> None:
    (insecure / ".gate.yaml").write_text("stages:\n  nightly: {extends: deploy, requires_plan: false}\n")
    code, result, _ = scan("--stage", "nightly", "--block-on", "low")
    assert code == 1 and result["stage"] == "nightly"
    assert {d for _, d in acted_on(result)} == {"block"}


@pytest.mark.parametrize("value", ["hihg", "none,high", "", "critical;high"])
def test_a_bad_value_is_a_usage_error(insecure: Path, value: str) -> None:
    done = CliRunner().invoke(main, ["scan", "--block-on", value])
    assert done.exit_code == 2
    assert "expected a severity (critical, high, medium, low, info)" in done.output
    assert "Traceback" not in done.output


def test_github_outputs_are_appended_as_the_runner_reads_them(insecure: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent / "integrations"))
    from composite_runner import read_output_file

    outputs = tmp_path / "github_output"
    outputs.write_text("earlier=kept\n", encoding="utf-8")
    done = CliRunner().invoke(
        main,
        [
            "scan",
            "--block-on",
            "high",
            "--report",
            f"github-output={outputs}",
            "--report",
            f"json={tmp_path / 'gate.json'}",
        ],
    )
    assert done.exit_code == 1, done.output
    result = json.loads((tmp_path / "gate.json").read_text())
    read = read_output_file(outputs)
    dispositions = [r["disposition"] for r in result["results"]]
    assert read == {
        "earlier": "kept",
        "passed": "false",
        "blocking": str(dispositions.count("block")),
        "backlog": str(dispositions.count("backlog")),
        "decision": result["decision"],
    }
