"""The regression suite of bypasses: every case is a tree a pull request could write, and each must block.

A case is a folder under ``tests/bypass/``: the files to scan (written as an attacker would) and a ``case.yaml``:

    why: what the attacker does, and what Terraform or AWS make of it (with a reference)
    references: [https://...]     # the documentation that says what is true
    stages: [pre-commit, pr, deploy]  # where it must block (default: pre-commit and pr; deploy needs a plan)
    paths: [main.tf]              # what to scan, relative to the case (default: the whole case)
    args: [--var-file, x.tfvars]  # extra command-line arguments (optional)
    env: {TF_WORKSPACE: prod}     # environment variables the pipeline sets for the scan (optional)
    setup:                        # optional: gate commands run in the tree first, each must succeed
      - [baseline, create, envs/prod, --output, baseline.json]   # e.g. what a team recorded before the change
    notices: [does not waive]     # optional: fragments of notices the run must give (why it blocks)
    expect:                       # optional: results that must be among the blocking ones
      - {policy: GATE-NET-001, address: aws_security_group.web}
    refused: "engines.checkov.command: names a program"  # optional: instead of blocking, the run must refuse
                                  # the tree (exit 2, this text in its error; CI fails the job) and run nothing

``{{expires}}`` in a case's files becomes a date 30 days from the run (a waiver valid whenever the suite runs).
The case is copied to a fresh folder (so that it is its own scan root, with no git repository above it) and
scanned by the real command in a separate process, as CI runs it: the exit code must be 1 (blocked), never 0,
and never 2 with no report.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = Path(__file__).parent / "bypass"
DEFAULT_STAGES = ["pre-commit", "pr"]


def _cases() -> list[Any]:
    params = []
    for case in sorted(p for p in CASES.iterdir() if (p / "case.yaml").is_file()):
        spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
        for stage in spec.get("stages", DEFAULT_STAGES):
            params.append(pytest.param(case, spec, stage, id=f"{case.name}-{stage}"))
    return params


def test_every_case_says_why() -> None:
    cases = [p for p in CASES.iterdir() if p.is_dir()]
    assert cases, "the bypass suite is empty"
    for case in cases:
        spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
        assert spec.get("why"), f"{case.name}: case.yaml must say why the case must block"


@pytest.fixture(scope="session")
def gate_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole suite, made fresh for it: every case starts cold for its own files, and the
    gate's own data (grammar, policy library) is built once, not once per case."""
    return tmp_path_factory.mktemp("gate-cache")


@pytest.mark.parametrize(("case", "spec", "stage"), _cases())
def test_bypass_blocks(case: Path, spec: dict[str, Any], stage: str, tmp_path: Path, gate_cache: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(case, tree, symlinks=True, ignore=shutil.ignore_patterns("case.yaml"))
    _fill_dates(tree)
    report = tmp_path / "gate.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_") and not k.startswith("POLICY_GATE_")}
    env["XDG_CACHE_HOME"] = str(gate_cache)
    env.update({name: str(value) for name, value in spec.get("env", {}).items()})
    for step in spec.get("setup", []):
        done = subprocess.run(
            [sys.executable, "-m", "gate", *step], cwd=tree, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"{case.name}: setup {step} failed\n{done.stdout}\n{done.stderr}"
    command = [
        sys.executable,
        "-m",
        "gate",
        "scan",
        *spec.get("paths", []),
        "--stage",
        stage,
        "--report",
        f"json={report}",
        *spec.get("args", []),
    ]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=120)
    if "refused" in spec:
        assert done.returncode == 2 and spec["refused"] in done.stderr, (
            f"{case.name} at {stage}: exit {done.returncode}, expected 2 with {spec['refused']!r}\n{done.stderr}"
        )
        assert not (tree / "RAN").exists(), f"{case.name}: the tree's program ran"
        return
    assert done.returncode == 1, (
        f"{case.name} at {stage}: exit {done.returncode}, expected 1 (blocked)\n{spec['why']}\n"
        f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    )
    run = json.loads(report.read_text(encoding="utf-8"))
    assert run["passed"] is False
    # a result told under a broader finding (subsumed_by) blocks only through it: not a blocking one of its own
    blocking = [r for r in run["results"] if r.get("disposition") == "block" and not r.get("subsumed_by")]
    for wanted in spec.get("expect", []):
        assert any(
            r["policy_id"] == wanted["policy"]
            and wanted.get("address", r["resource"]["address"]) == r["resource"]["address"]
            for r in blocking
        ), (
            f"{case.name} at {stage}: no blocking {wanted} among {[(r['policy_id'], r['resource']['address']) for r in blocking]}"
        )
    for fragment in spec.get("notices", []):
        assert any(fragment in notice for notice in run["notices"]), (
            f"{case.name}: no notice with {fragment!r}: {run['notices']}"
        )


def _fill_dates(tree: Path) -> None:
    """``{{expires}}`` in a case's files is a date 30 days from today: a waiver that is valid whenever the suite
    runs, so that the case keeps testing why it must not waive (not that it expired)."""
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    for path in tree.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 1_000_000:
            text = path.read_bytes()
            if b"{{expires}}" in text:
                path.write_bytes(text.replace(b"{{expires}}", expires.encode()))
