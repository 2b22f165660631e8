"""The GitLab CI/CD component (templates/policy-gate.yml), run by gitlab-ci-local with its shell executor.

The pipeline's project holds the component (a snapshot of this working tree, committed) and the sample
infrastructure, and includes the component at its own commit, as gitlab-ci-local resolves a component of the
same project. The job installs the gate with pip from the project's repository at that commit, with no package
index: git is pointed from the project's GitLab address to the local repository (``url.<local>.insteadOf``),
and pip finds the gate's dependencies in a wheelhouse only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLES, git, no_index
from test_gitlab_template import gitlab_ci_local, run_pipeline, verdict  # noqa: F401 - the fixture

COMPONENT = Path(__file__).resolve().parents[2] / "templates" / "policy-gate.yml"
ADDRESS = "gitlab.example.com/team/infrastructure"  # the sample repositories' remote (conftest.init_repository)
TOKEN = "test-job-token"


@pytest.fixture
def project(source_snapshot: Path, tmp_path: Path) -> Path:
    """The component's project with the insecure sample under infra/, committed; remote as on GitLab."""
    root = tmp_path / "infrastructure"
    git("clone", "-q", source_snapshot, root, cwd=tmp_path)
    shutil.copytree(SAMPLES / "insecure", root / "infra")
    git("config", "commit.gpgsign", "false", cwd=root)
    git("remote", "set-url", "origin", f"https://{ADDRESS}.git", cwd=root)
    git("add", "-A", cwd=root)
    git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "infra", cwd=root)
    git("update-ref", "refs/remotes/origin/main", "HEAD", cwd=root)
    return root


def include(root: Path, inputs: dict[str, str]) -> str:
    """The project's .gitlab-ci.yml (not committed: it names the commit), including the component at HEAD."""
    sha = git("rev-parse", "HEAD", cwd=root).strip()
    ci = {"include": [{"component": f"{ADDRESS}/policy-gate@{sha}", "inputs": {"project": ADDRESS, **inputs}}]}
    (root / ".gitlab-ci.yml").write_text(yaml.safe_dump(ci, sort_keys=False), encoding="utf-8")
    return sha


def from_the_repository(root: Path, wheelhouse: Path) -> dict[str, str]:
    """Job variables: the project's GitLab address read from the local repository; pip with no index."""
    redirect = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.file://{root}.insteadOf",
        "GIT_CONFIG_VALUE_0": f"https://gitlab-ci-token:{TOKEN}@{ADDRESS}.git",
    }
    pip = {k: v for k, v in no_index(wheelhouse).items() if k != "PATH"}
    return {"CI_JOB_TOKEN": TOKEN, **redirect, **pip}


def test_the_component_installs_from_its_own_commit_and_blocks(
    gitlab_ci_local: str,
    project: Path,  # noqa: F811
    wheelhouse: Path,
) -> None:
    sha = include(project, {"paths": "infra/", "block-on": "high", "rules-on": "always"})
    done = run_pipeline(gitlab_ci_local, project, "policy-gate", variables=from_the_repository(project, wheelhouse))
    assert verdict(done, "policy-gate") == "FAIL", done.stdout + done.stderr
    assert f"installing policy-gate from {ADDRESS}@{sha}" in done.stdout
    assert TOKEN not in done.stdout, "the job token is never shown"
    reports = project / "policy-gate-reports"
    result = json.loads((reports / "gate.json").read_text())
    blocking = {r["severity"] for r in result["results"] if r["disposition"] == "block"}
    assert blocking == {"critical", "high"}, "block-on high reached the scan"
    assert "--block-on: stage pr blocks on critical, high" in result["notices"]
    summary = (reports / "summary.md").read_text(encoding="utf-8")
    assert len(summary) <= 65_536, "the summary fits in a merge request comment"
    for name in ("junit.xml", "gl-code-quality-report.json", "gl-sast-report.json", "gate.sarif"):
        assert (reports / name).is_file(), name
    # The environment is cached for the next pipeline of the branch, and found there ready.
    again = run_pipeline(gitlab_ci_local, project, "policy-gate", variables=from_the_repository(project, wheelhouse))
    assert verdict(again, "policy-gate") == "FAIL", again.stdout
    assert "installing policy-gate" not in again.stdout, again.stdout


def test_disabled_and_rules(gitlab_ci_local: str, project: Path) -> None:  # noqa: F811
    """GitLab's *_DISABLED convention, and the default rules: merge requests and the default branch."""
    include(project, {"job-name": "iac-gate", "stage": "test"})

    def jobs(variables: dict[str, str]) -> set[str]:
        done = run_pipeline(gitlab_ci_local, project, "--list-json", variables=variables)
        assert done.returncode == 0, done.stdout + done.stderr
        return {job["name"] for job in json.loads(done.stdout) if job.get("when") != "never"}

    assert jobs({}) == {"iac-gate"}  # on main, the default branch
    assert jobs({"POLICY_GATE_DISABLED": "true"}) == set()
    assert jobs({"POLICY_GATE_DISABLED": "1"}) == set()
    git("checkout", "-q", "-b", "feature", cwd=project)
    include(project, {"job-name": "iac-gate"})
    assert jobs({}) == set()
    assert jobs({"CI_PIPELINE_SOURCE": "merge_request_event"}) == {"iac-gate"}


def test_a_release_is_installed_when_a_version_is_given(gitlab_ci_local: str, project: Path, tmp_path: Path) -> None:  # noqa: F811
    """`version` makes pip install the release from the package index (a stand-in python3 records pip's words)."""
    log = tmp_path / "pip.txt"
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(
        "#!/bin/bash\n"
        'if [ "$2" = venv ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; '
        'printf \'#!/bin/sh\\necho policy-gate 9.9\\nexit 0\\n\' > "$3/bin/gate"; chmod +x "$3/bin/gate"; '
        f'else echo "$*" >> "{log}"; fi\n'
    )
    (fake / "python3").chmod(0o755)
    include(project, {"version": "0.2.0", "rules-on": "always"})
    done = run_pipeline(gitlab_ci_local, project, "policy-gate", variables={"PATH": f"{fake}:/usr/bin:/bin"})
    assert "installing policy-gate from policy-gate==0.2.0" in done.stdout, done.stdout
    assert (
        log.read_text().splitlines()[-1].endswith("pip install --quiet --disable-pip-version-check policy-gate==0.2.0")
    )
