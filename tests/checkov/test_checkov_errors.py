"""Finding Checkov, and what happens when it cannot be found or does not work: a configuration error (exit 2)
when it is missing, an error result (fail closed) when it fails, times out or a check crashes.

Checkov's failures cannot be provoked on demand, so these tests stand a small script in for it: it records
what it was given and prints what Checkov prints."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from gate.checkov.runner import ENGINE_ERROR_ID, locate, scan
from gate.checkov.settings import CheckovSettings
from gate.checkov.venv_trust import record
from gate.errors import EXIT_ERROR, ConfigError
from gate.gating.stages import BUILTIN_STAGES, decide, disposition
from gate.loaders.inputs import Display, load_inputs
from gate.model import Disposition, Resource, Status
from gate.options import ScanOptions

MAIN_TF = 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n}\n'


def fake_checkov(folder: Path, body: str, name: str = "checkov") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f"#!{sys.executable}\nimport json, os, sys, time\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def hcl_project(tmp_path: Path) -> tuple[Path, list[Resource]]:
    root = tmp_path / "project"
    root.mkdir()
    (root / "main.tf").write_text(MAIN_TF, encoding="utf-8")
    loaded = load_inputs(ScanOptions(paths=[root], cwd=root, parse_cache=False, environ={}), Display(root))
    return root, loaded.resources


# --- finding it -------------------------------------------------------------------------------------------
def test_asking_for_checkov_when_it_is_nowhere_is_a_configuration_error(tmp_path: Path) -> None:
    environ = {"PATH": str(tmp_path / "empty"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    with pytest.raises(ConfigError) as caught:
        locate(CheckovSettings(), environ)
    assert caught.value.exit_code == EXIT_ERROR
    message = str(caught.value)
    assert message.startswith("the checkov engine is enabled but Checkov was not found")
    assert (
        "gate engines install checkov" in message and "pipx install checkov" in message and "docs/checkov.md" in message
    )


def test_configuration_then_environment_then_path_then_the_managed_environment(tmp_path: Path) -> None:
    configured = fake_checkov(tmp_path / "config" / "tools", "")
    from_env = fake_checkov(tmp_path / "env", "")
    on_path = fake_checkov(tmp_path / "path", "")
    managed = fake_checkov(tmp_path / "cache" / "policy-gate" / "engines" / "checkov" / "bin", "")
    environ = {
        "PATH": str(on_path.parent),
        "POLICY_GATE_CHECKOV": f"{from_env} --skip-framework secrets",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    with_command = CheckovSettings(command="tools/checkov")
    assert locate(with_command, environ, config_dir=tmp_path / "config") == [str(configured)]
    assert locate(CheckovSettings(), environ) == [str(from_env), "--skip-framework", "secrets"]
    del environ["POLICY_GATE_CHECKOV"]
    assert locate(CheckovSettings(), environ) == [str(on_path)]
    environ["PATH"] = str(tmp_path / "empty")
    if sys.platform != "darwin" and os.name != "nt":  # the managed folder is the XDG cache here
        venv = managed.parent.parent
        (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
        fake_checkov(venv / "bin", "").rename(venv / "bin" / "python")
        managed = fake_checkov(venv / "bin", "")
        with pytest.raises(ConfigError, match="is not the one the gate installed"):  # nothing recorded
            locate(CheckovSettings(), environ)
        record(venv, "3.3.30")
        assert locate(CheckovSettings(), environ) == [str(managed)]
        managed.write_text(managed.read_text() + "\n# changed\n")
        with pytest.raises(ConfigError, match="is not the one the gate installed"):
            locate(CheckovSettings(), environ)
        record(venv, "3.3.30")
        (venv / "bin").chmod(0o777)
        with pytest.raises(ConfigError, match=r"bin is writable by others \(mode 777\)"):
            locate(CheckovSettings(), environ)


def test_a_configured_command_that_is_not_there_names_its_source(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^engines\.checkov\.command: .*/nope is not an executable file"):
        locate(CheckovSettings(command="./nope"), {"PATH": ""}, config_dir=tmp_path)
    with pytest.raises(ConfigError, match=r"^POLICY_GATE_CHECKOV: 'checkov-3' is not on PATH"):
        locate(CheckovSettings(), {"PATH": str(tmp_path), "POLICY_GATE_CHECKOV": "checkov-3"})


# --- running it -------------------------------------------------------------------------------------------
def test_checkov_failing_is_an_error_result_that_blocks(tmp_path: Path) -> None:
    root, resources = hcl_project(tmp_path)
    script = fake_checkov(tmp_path / "bin", 'print("Traceback: something broke", file=sys.stderr)\nsys.exit(2)')
    run = scan(resources, root, CheckovSettings(command=str(script)), environ={})
    [error] = run.results
    assert (error.policy_id, error.status, error.location.file) == (ENGINE_ERROR_ID, Status.ERROR, ".")
    assert error.message == "Checkov could not scan .: it exited with code 2: Traceback: something broke"
    error.disposition = disposition(error, BUILTIN_STAGES["pr"])
    assert error.disposition is Disposition.BLOCK and decide([error])[0] is False


def test_checkov_past_its_timeout_is_killed_and_reported(tmp_path: Path) -> None:
    root, resources = hcl_project(tmp_path)
    script = fake_checkov(tmp_path / "bin", "time.sleep(60)")
    started = time.monotonic()
    run = scan(resources, root, CheckovSettings(command=str(script), timeout=1), environ={})
    assert time.monotonic() - started < 30
    [error] = run.results
    assert error.message.endswith("it did not finish within 1 s (engines.checkov.timeout)")


def test_output_that_is_not_json_is_an_error_result(tmp_path: Path) -> None:
    root, resources = hcl_project(tmp_path)
    script = fake_checkov(tmp_path / "bin", 'print("Update available 3.3.31")')
    [error] = scan(resources, root, CheckovSettings(command=str(script)), environ={}).results
    assert "its output is not JSON" in error.message


SUMMARY_OF_ONE = json.dumps({"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0, "resource_count": 1})


def test_checkov_sees_no_token_and_no_folder_of_the_tree_but_the_one_it_scans(tmp_path: Path) -> None:
    root, resources = hcl_project(tmp_path)
    seen = tmp_path / "seen.json"
    script = fake_checkov(
        tmp_path / "bin",
        f"json.dump({{'argv': sys.argv[1:], 'env': dict(os.environ), 'cwd': os.getcwd()}}, "
        f"open({str(seen)!r}, 'w'))\nprint({SUMMARY_OF_ONE!r})",
    )
    environ = {
        "BC_API_KEY": "secret",
        "PYTHONPATH": "/gate/site-packages",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin",
        "GITHUB_TOKEN": "ghs_x",
        "CI_JOB_TOKEN": "glcbt",
        "JIRA_API_TOKEN": "j",
        "AWS_SECRET_ACCESS_KEY": "a",
        "CKV_EXTERNAL_CHECKS_DIR": str(root),
        "CKV_SKIP_CHECK": "CKV_AWS_*",
        "MY_WEBHOOK": "https://hooks",
    }
    run = scan(resources, root, CheckovSettings(command=str(script)), environ=environ)
    assert run.results == []
    recorded = json.loads(seen.read_text(encoding="utf-8"))
    # An allow-list: PATH passes; no token, no CKV_ setting but the gate's own, no PYTHONPATH.
    assert recorded["env"]["PATH"] == "/usr/bin"
    for name in environ.keys() - {"PATH", "HOME"}:
        assert name not in recorded["env"], name
    assert recorded["env"]["CKV_SKIP_PACKAGE_UPDATE_CHECK"] == "true"
    assert {"venv", ".venv", "node_modules", ".terraform"} <= set(recorded["env"]["CKV_IGNORED_DIRECTORIES"].split(","))
    # Its working folder and home are a private empty folder (where it would find a .checkov.yaml), not the tree.
    assert recorded["env"]["HOME"] == recorded["cwd"] and not recorded["cwd"].startswith(str(root))
    assert not Path(recorded["cwd"]).exists()  # removed after the run
    assert recorded["argv"] == [
        f"--directory={root.resolve()}",
        "--framework",
        "terraform",
        "-o",
        "json",
        "--skip-download",
        "--soft-fail",
    ]


@pytest.mark.parametrize(
    "output",
    [
        "",
        "[]",
        "{}",
        json.dumps({"passed": 0, "failed": 0, "resource_count": 0}),
        json.dumps([{"check_type": "terraform", "results": {"failed_checks": []}, "summary": {"resource_count": 0}}]),
    ],
)
def test_output_that_judged_nothing_on_a_scan_with_resources_is_an_error_result(tmp_path: Path, output: str) -> None:
    root, resources = hcl_project(tmp_path)
    script = fake_checkov(tmp_path / "bin", f"print({output!r})")
    [error] = scan(resources, root, CheckovSettings(command=str(script)), environ={}).results
    assert (error.policy_id, error.status) == (ENGINE_ERROR_ID, Status.ERROR)
    assert "reported no resource" in error.message


def test_a_summary_of_resources_without_applicable_checks_is_no_error(tmp_path: Path) -> None:
    root, resources = hcl_project(tmp_path)
    script = fake_checkov(tmp_path / "bin", f"print({SUMMARY_OF_ONE!r})")
    assert scan(resources, root, CheckovSettings(command=str(script)), environ={}).results == []


def test_a_check_that_crashes_inside_checkov_is_an_error_result(tmp_path: Path) -> None:
    root, resources = hcl_project(tmp_path)
    log = (
        "2026-11-22 10:00:00,000 [MainThread  ] [ERROR]  Failed to run check CKV_AWS_274 on /main.tf:aws_iam_role.r\n"
        "Traceback (most recent call last):\nTypeError: argument of type 'NoneType' is not iterable"
    )
    script = fake_checkov(tmp_path / "bin", f"print({log!r}, file=sys.stderr)\nprint({SUMMARY_OF_ONE!r})")
    [crashed] = scan(resources, root, CheckovSettings(command=str(script)), environ={}).results
    assert (crashed.policy_id, crashed.status, crashed.resource.address, crashed.location.file) == (
        "CKV_AWS_274",
        Status.ERROR,
        "aws_iam_role.r",
        "main.tf",
    )
    assert crashed.message == "Checkov's check CKV_AWS_274 failed to evaluate aws_iam_role.r: not judged (fail closed)"


def test_files_checkov_cannot_parse_are_error_results_when_the_gate_read_them(tmp_path: Path) -> None:
    root, resources = hcl_project(tmp_path)
    report = {
        "check_type": "terraform",
        "results": {
            "passed_checks": [],
            "failed_checks": [],
            "skipped_checks": [],
            "parsing_errors": [str(root / "main.tf"), str(root / "chart.yaml")],
        },
        "summary": {"resource_count": 1},
    }
    script = fake_checkov(tmp_path / "bin", f"print(json.dumps({report!r}))")
    run = scan(resources, root, CheckovSettings(command=str(script)), environ={})
    [error] = run.results  # chart.yaml is no input of the gate: Checkov's trouble there is not the gate's
    assert (error.policy_id, error.status, error.location.file) == (ENGINE_ERROR_ID, Status.ERROR, "main.tf")
    assert error.message == "main.tf: Checkov could not parse it; its checks did not run there"
    profile = BUILTIN_STAGES["pr"]
    assert disposition(error, profile) is Disposition.BLOCK
