"""The GitLab CI template (.gitlab-ci-template.yml), run by gitlab-ci-local with its shell executor.

Each test includes the template into a sample repository's .gitlab-ci.yml, as a user would, and runs the
jobs with the gate installed by pip from this checkout (POLICY_GATE_PIP_SPEC). gitlab-ci-local's exit code is
unreliable for allowed failures, so the tests read its PASS/FAIL lines, and the report files the job leaves.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from conftest import NPM_INSTALL, REPO, SAMPLES, SampleRepo, find_tool, git, tool_path

TEMPLATE = REPO / ".gitlab-ci-template.yml"
INCLUDE = "include:\n  - local: .gitlab-ci-template.yml\n"
REPORTS = ("gate.json", "junit.xml", "gl-code-quality-report.json", "gl-sast-report.json", "gate.sarif", "summary.md")


@pytest.fixture(scope="module")
def gitlab_ci_local() -> str:
    binary = find_tool("gitlab-ci-local", NPM_INSTALL)
    find_tool("rsync", "apt-get install rsync")
    node = subprocess.run(
        ["node", "--version"], capture_output=True, text=True, env={**os.environ, "PATH": tool_path()}
    )
    if not node.stdout.startswith("v2") or int(node.stdout[1:].split(".")[0]) < 22:
        pytest.skip(f"gitlab-ci-local needs Node 22 or later, found {node.stdout.strip()}: {NPM_INSTALL}")
    return binary


def run_pipeline(
    binary: str, repo: Path, *args: str, variables: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """gitlab-ci-local in ``repo`` with the gate installed from this checkout; its state beside the repository
    (inside, the scan would walk its copies of the files)."""
    home = repo.parent / "gitlab-ci-local-home"  # none of this machine's gitlab-ci-local settings
    command = [
        binary,
        "--force-shell-executor",
        "--no-color",
        "--state-dir",
        f"../{repo.name}-gitlab-ci-local",
        "--home",
        str(home),
        "--ignore-predefined-vars",
        "CI_PIPELINE_SOURCE",
        "--variable",
        f"POLICY_GATE_PIP_SPEC={REPO}",
    ]
    for name, value in (variables or {}).items():
        command += ["--variable", f"{name}={value}"]
    env = {**os.environ, "PATH": tool_path()}
    return subprocess.run([*command, *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def verdict(done: subprocess.CompletedProcess[str], job: str) -> str:
    """PASS or FAIL, as gitlab-ci-local's summary states it for ``job``."""
    found = re.search(rf"^\s*(PASS|FAIL|WARN)\s+{re.escape(job)}\s*$", done.stdout, re.MULTILINE)
    assert found is not None, f"no verdict for {job}:\n{done.stdout}\n{done.stderr}"
    return found.group(1)


def listed_jobs(binary: str, repo: Path, variables: dict[str, str] | None = None) -> set[str]:
    done = run_pipeline(binary, repo, "--list-json", variables=variables)
    assert done.returncode == 0, done.stdout + done.stderr
    return {job["name"] for job in json.loads(done.stdout) if job.get("when") != "never"}


def gitlab_repo(sample_repo: SampleRepo, sample: str, ci: str, **files: Path) -> Path:
    return sample_repo(sample, extra={".gitlab-ci.yml": ci}, files={".gitlab-ci-template.yml": TEMPLATE, **files})


def check_reports(repo: Path, passed: bool) -> None:
    reports = repo / "policy-gate-reports"
    for name in REPORTS:
        assert (reports / name).is_file(), f"{name} missing"
    # The artifacts GitLab keeps: every file, whatever the outcome (`when: always`).
    kept = repo.parent / f"{repo.name}-gitlab-ci-local" / "artifacts"
    assert any(kept.rglob("gl-code-quality-report.json")), "artifacts not kept"
    assert json.loads((reports / "gate.json").read_text())["passed"] is passed
    assert isinstance(json.loads((reports / "gl-code-quality-report.json").read_text()), list)
    assert json.loads((reports / "gl-sast-report.json").read_text())["scan"]["type"] == "sast"
    ElementTree.parse(reports / "junit.xml")


def test_template_declares_the_documented_jobs_reports_and_variables() -> None:
    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    base = template[".policy-gate"]
    assert base["artifacts"]["when"] == "always"
    assert set(base["artifacts"]["reports"]) == {"junit", "codequality", "sast"}
    assert "policy-gate-reports/" in base["artifacts"]["paths"]
    variables = template["variables"]
    # By default the source of the template's own release, from the repository: no package index needed.
    assert re.fullmatch(
        r"https://github\.com/[\w.-]+/policy-gate/archive/refs/tags/v[\d.]+\.tar\.gz", variables["POLICY_GATE_PIP_SPEC"]
    )
    for name in ("STAGE", "PATHS", "CONFIG", "PLAN", "BACKLOG", "BASE_REF", "BLOCK_ON"):
        assert f"POLICY_GATE_{name}" in variables
    documented = (REPO / "docs" / "integrations.md").read_text(encoding="utf-8")
    for name in variables:
        assert f"`{name}`" in documented or f"`{name}`," in documented, f"{name} is not documented"
    assert template["policy-gate"]["extends"] == ".policy-gate"
    assert template["policy-gate-deploy"]["extends"] == ".policy-gate"


def test_ready_jobs_stay_off_until_a_variable_turns_them_on(gitlab_ci_local: str, sample_repo: SampleRepo) -> None:
    """Also proves the template is valid: gitlab-ci-local checks it against GitLab's schema before listing."""
    repo = gitlab_repo(sample_repo, "clean", INCLUDE)
    assert listed_jobs(gitlab_ci_local, repo) == set()
    assert listed_jobs(gitlab_ci_local, repo, {"POLICY_GATE_MR": "true"}) == {"policy-gate"}
    deploy = {"POLICY_GATE_DEPLOY": "true", "POLICY_GATE_PLAN": "plan.json"}
    assert listed_jobs(gitlab_ci_local, repo, deploy) == {"policy-gate-deploy"}
    assert listed_jobs(gitlab_ci_local, repo, {"POLICY_GATE_DEPLOY": "true"}) == set(), "no plan, no deploy job"
    # A push to another branch, outside a merge request: nothing to do.
    git("checkout", "-q", "-b", "feature", cwd=repo)
    assert listed_jobs(gitlab_ci_local, repo, {"POLICY_GATE_MR": "true"}) == set()
    mr = {"POLICY_GATE_MR": "true", "CI_PIPELINE_SOURCE": "merge_request_event"}
    assert listed_jobs(gitlab_ci_local, repo, mr) == {"policy-gate"}
    # GitLab's *_DISABLED convention turns every job off.
    assert listed_jobs(gitlab_ci_local, repo, {**mr, "POLICY_GATE_DISABLED": "true"}) == set()
    assert listed_jobs(gitlab_ci_local, repo, {**deploy, "POLICY_GATE_DISABLED": "1"}) == set()


def test_merge_request_job_passes_a_clean_repository(gitlab_ci_local: str, sample_repo: SampleRepo) -> None:
    repo = gitlab_repo(sample_repo, "clean", INCLUDE + 'variables:\n  POLICY_GATE_MR: "true"\n')
    git("checkout", "-q", "-b", "feature", cwd=repo)
    done = run_pipeline(gitlab_ci_local, repo, "policy-gate", variables={"CI_PIPELINE_SOURCE": "merge_request_event"})
    assert verdict(done, "policy-gate") == "PASS", done.stdout
    assert "PASSED: no blocking results" in done.stdout
    check_reports(repo, passed=True)


def test_merge_request_job_reads_configuration_from_the_base(gitlab_ci_local: str, sample_repo: SampleRepo) -> None:
    """In a merge request pipeline the template passes CI_MERGE_REQUEST_DIFF_BASE_SHA as --base-ref: the merge
    request's own edit to .gate.yaml (block on nothing) does not apply to its own scan."""
    repo = gitlab_repo(sample_repo, "insecure", INCLUDE + 'variables:\n  POLICY_GATE_MR: "true"\n')
    base = git("rev-parse", "HEAD", cwd=repo).strip()
    git("checkout", "-q", "-b", "feature", cwd=repo)
    (repo / ".gate.yaml").write_text("stages:\n  pr: {block_on: []}\n", encoding="utf-8")
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "block on nothing", cwd=repo)
    variables = {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base}
    done = run_pipeline(gitlab_ci_local, repo, "policy-gate", variables=variables)
    assert verdict(done, "policy-gate") == "FAIL", done.stdout
    assert "BLOCKED: 1 blocking result (critical)" in done.stdout
    assert ".gate.yaml: edited by this change" in done.stdout
    turned_off = run_pipeline(
        gitlab_ci_local, repo, "policy-gate", variables={**variables, "POLICY_GATE_BASE_REF": "none"}
    )
    assert verdict(turned_off, "policy-gate") == "PASS", turned_off.stdout


def test_extended_job_fails_on_blocking_findings(gitlab_ci_local: str, sample_repo: SampleRepo) -> None:
    """Also: JUnit follows the decision (the backlog items are skipped, the blocking result fails), and
    POLICY_GATE_BLOCK_ON reaches the scan."""
    ci = INCLUDE + ("infra-gate:\n  extends: .policy-gate\n  variables:\n    POLICY_GATE_PATHS: main.tf stack.yaml\n")
    repo = gitlab_repo(sample_repo, "insecure", ci)
    done = run_pipeline(gitlab_ci_local, repo, "infra-gate")
    assert verdict(done, "infra-gate") == "FAIL", done.stdout
    assert "BLOCKED: 1 blocking result (critical)" in done.stdout
    assert "GATE-NET-001" in done.stdout
    check_reports(repo, passed=False)
    junit = ElementTree.parse(repo / "policy-gate-reports" / "junit.xml").getroot()
    result = json.loads((repo / "policy-gate-reports" / "gate.json").read_text())
    dispositions = [r["disposition"] for r in result["results"] if r["status"] in ("failed", "unknown")]
    assert len(list(junit.iter("failure"))) == dispositions.count("block") == 1
    skipped = [s.get("message", "") for s in junit.iter("skipped")]
    assert sum(1 for m in skipped if m.startswith("backlog item: ")) == dispositions.count("backlog") >= 2
    blocked_on_high = run_pipeline(gitlab_ci_local, repo, "infra-gate", variables={"POLICY_GATE_BLOCK_ON": "high"})
    assert verdict(blocked_on_high, "infra-gate") == "FAIL", blocked_on_high.stdout
    assert "--block-on: stage pr blocks on critical, high" in blocked_on_high.stdout


def test_deploy_job_blocks_an_insecure_plan(gitlab_ci_local: str, sample_repo: SampleRepo) -> None:
    repo = gitlab_repo(sample_repo, "clean", INCLUDE, **{"plan.json": SAMPLES / "plan" / "plan.json"})
    variables = {"POLICY_GATE_DEPLOY": "true", "POLICY_GATE_PLAN": "plan.json"}
    done = run_pipeline(gitlab_ci_local, repo, "policy-gate-deploy", variables=variables)
    assert verdict(done, "policy-gate-deploy") == "FAIL", done.stdout
    assert "(stage deploy)" in done.stdout and "GATE-NET-001" in done.stdout
    check_reports(repo, passed=False)
    result = json.loads((repo / "policy-gate-reports" / "gate.json").read_text())
    assert {r["resource"]["format"] for r in result["results"]} == {"terraform-plan"}
