"""Reports are tested on real scans of the files in tests/fixtures/reports/inputs (HCL, a plan, CloudFormation,
an unreadable file, an inline skip and a waiver), checked with the rules of the tools that read them."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from gate.api import ScanOptions, scan
from gate.model import RunResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
INPUTS = FIXTURES / "inputs"
SCHEMAS = FIXTURES / "schemas"
# The waiver in the inputs expires on 2026-03-31: scans are run as of this day, so it stays valid.
TODAY = dt.date(2026, 1, 15)
# Everything the inputs hold, named one by one so that tests can give them in any order.
INPUT_PATHS = ["network", "plan.json", "template.yaml", "stacks", "broken"]

Scanner = Callable[..., RunResult]


@pytest.fixture(scope="session")
def scan_inputs(tmp_path_factory: pytest.TempPathFactory) -> Scanner:
    """Scan a fresh copy of the inputs (paths in the reports are then relative to the copy)."""

    def run(paths: list[str] | None = None, stage: str | None = None) -> RunResult:
        root = tmp_path_factory.mktemp("repo")
        shutil.copytree(INPUTS, root, dirs_exist_ok=True)
        options = ScanOptions(paths=[Path(p) for p in paths or INPUT_PATHS], cwd=root, stage=stage, today=TODAY)
        return scan(options)

    return run


@pytest.fixture(scope="session")
def input_paths() -> list[str]:
    """Every input, named one by one (tests give them in other orders)."""
    return list(INPUT_PATHS)


@pytest.fixture(scope="session")
def run(scan_inputs: Scanner) -> RunResult:
    """The scan every report test reads: blocking, backlog, unknown, error, waived, suppressed and passed."""
    result = scan_inputs()
    statuses = {r.status.value for r in result.results}
    assert statuses == {"failed", "passed", "unknown", "error", "waived", "suppressed"}, statuses
    return result


@pytest.fixture(scope="session")
def multitool() -> Path:
    """Microsoft's SARIF multitool, the platform binary (.ci/run installs it and sets SARIF_MULTITOOL)."""
    location = os.environ.get("SARIF_MULTITOOL")
    if not location:
        pytest.skip(
            "SARIF MULTITOOL NOT FOUND: set SARIF_MULTITOOL to the platform binary of the npm package "
            "@microsoft/sarif-multitool (.ci/run installs it); the multitool validation of SARIF is skipped"
        )
    path = Path(location)
    assert path.is_file() and os.access(path, os.X_OK), f"SARIF_MULTITOOL={location} is not an executable file"
    return path


@pytest.fixture(scope="session")
def sarif_schema() -> dict[str, Any]:
    """The SARIF 2.1.0 JSON schema (vendored from the multitool's npm package: see the fixtures' README)."""
    schema: dict[str, Any] = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    return schema


@pytest.fixture(scope="session")
def sast_schema() -> dict[str, Any]:
    """GitLab's SAST report schema 15.0.x: the upstream file when vendored, else its transcribed requirements."""
    upstream = SCHEMAS / "sast-report-format.json"
    path = upstream if upstream.is_file() else SCHEMAS / "gitlab-sast-15.0.x-requirements.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@pytest.fixture(scope="session")
def grow() -> Callable[[RunResult, int], RunResult]:
    """A run with ``count`` results that did not pass, copied from a real run's (each its own resource)."""

    def make(run: RunResult, count: int) -> RunResult:
        shown = [r for r in run.results if r.status.value != "passed"]
        results = []
        for i in range(count):
            base = shown[i % len(shown)]
            resource = replace(base.resource, **{"address": f"{base.resource.address}_{i}"})
            results.append(replace(base, **{"resource": resource, "fingerprint": f"{i:032x}"}))
        return replace(run, results=results)

    return make
