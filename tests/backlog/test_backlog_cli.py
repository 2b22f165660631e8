"""``gate backlog sync`` and ``gate backlog plan`` as a pipeline runs them: exit codes, one-line errors without
tracebacks, and no token in anything printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backlog_support import TOKENS, Repo, make_harness
from click.testing import CliRunner, Result

from gate.cli.backlog import backlog

CI_VARIABLES = (
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITHUB_REPOSITORY",
    "GITHUB_API_URL",
    "GITHUB_SHA",
    "GITHUB_SERVER_URL",
    "GITLAB_TOKEN",
    "CI_PROJECT_ID",
    "CI_API_V4_URL",
    "CI_PROJECT_URL",
    "CI_COMMIT_SHA",
    "GITLAB_CI",
    "JIRA_URL",
    "JIRA_PROJECT",
    "JIRA_USER",
    "JIRA_API_TOKEN",
)


@pytest.fixture
def in_repo(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.chdir(repo.root)
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return repo


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(backlog, list(args), env=env, catch_exceptions=False)


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gate: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_configuration_and_usage_errors_exit_2_with_one_line(in_repo: Repo, tmp_path: Path) -> None:
    report = str(in_repo.scan())
    assert "unknown tracker 'jora'" in one_line_error(invoke("sync", "--report", report, "--tracker", "jora"))
    assert "GITHUB_TOKEN or GH_TOKEN is not set" in one_line_error(
        invoke("sync", "--report", report, "--tracker", "github", env={"GITHUB_REPOSITORY": "acme/app"})
    )
    assert "GITLAB_TOKEN is not set" in one_line_error(
        invoke("sync", "--report", report, "--tracker", "gitlab", env={"CI_PROJECT_ID": "42"})
    )
    assert "JIRA_URL is not set" in one_line_error(invoke("sync", "--report", report, "--tracker", "jira"))
    assert "missing.json: report not found" in one_line_error(invoke("sync", "--report", "missing.json"))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"results": "no"}))
    assert "not a policy-gate JSON report" in one_line_error(invoke("plan", "--report", str(other)))
    assert "--due 'high=soon'" in one_line_error(invoke("sync", "--report", report, "--due", "high=soon"))
    config = tmp_path / "bad.yaml"
    config.write_text("backlog:\n  tracker: file\n  colour: blue\n")
    assert "bad.yaml:3: backlog.colour: unknown key" in one_line_error(
        invoke("sync", "--report", report, "--config", str(config))
    )


def test_dry_run_prints_the_plan_with_counts_and_writes_nothing(in_repo: Repo) -> None:
    result = invoke("sync", "--report", str(in_repo.scan()), "--dry-run")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert (
        lines[0].startswith("backlog plan for file ")
        and lines[-1] == "create 3, update 0, reopen 0, close 0, unchanged 0"
    )
    assert not (in_repo.root / "gate-backlog.json").exists()
    assert invoke("sync", "--report", str(in_repo.scan())).exit_code == 0
    assert (in_repo.root / "gate-backlog.json").is_file()


def test_a_tracker_that_keeps_failing_exits_non_zero_naming_what_was_done(
    in_repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr("gate.backlog.transport.default_sleep", waits.append)
    github = make_harness("github")
    try:
        github.server.fail("POST", r"/issues$", status=502, times=-1, skip=2, echo_auth=True)
        result = invoke("sync", "--report", str(in_repo.scan()), "--tracker", "github", env=github.env)
    finally:
        github.server.close()
    message = one_line_error(result)
    assert "Done before the failure: created 2. Not done: create 1." in message
    assert "Run the sync again" in message
    assert TOKENS["github"] not in result.output
    assert "created  #1" in result.stdout and "created  #2" in result.stdout
    assert waits == []  # a create is never retried blindly: the tracker is listed again instead


def test_sync_output_never_shows_a_token(in_repo: Repo) -> None:
    for name in ("github", "gitlab", "jira"):
        harness = make_harness(name)
        try:
            harness.server.fail(*harness.create, status=401, echo_auth=True, skip=1)
            result = invoke("sync", "--report", str(in_repo.scan()), "--tracker", name, env=harness.env)
        finally:
            harness.server.close()
        assert result.exit_code == 2 and "(credentials " in result.stderr and "***" in result.stderr
        for secret in harness.secrets:
            assert secret not in result.output


def test_plan_prints_phases_by_severity_then_owner_with_remediation(in_repo: Repo) -> None:
    result = invoke("plan", "--report", str(in_repo.scan()))
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# Remediation plan\n")
    assert "| 1 | critical and high | 3 | 7 to 14 days |" in text
    phase_one, phase_two = text.index("## Phase 1: critical and high"), text.index("## Phase 2: medium")
    assert phase_one < text.index("GATE-NET-001") < text.index("GATE-ENC-001") < phase_two < text.index("GATE-PERM-035")
    assert "### Owner: @acme/storage, @alice (2)" in text and "### Owner: @bob (1)" in text
    assert "How to fix (Terraform): Set `encrypted = true`" in text
    assert "- [ ] `aws_security_group.ssh` in `infra/main.tf:10` **(blocking)**" in text
