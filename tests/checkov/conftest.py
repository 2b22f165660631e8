"""Real Checkov for the engine tests: $POLICY_GATE_CHECKOV (what .ci/run installs into its own environment),
else `checkov` on PATH, else the environment `gate engines install checkov` makes.

When $POLICY_GATE_CHECKOV is set, a Checkov that does not run fails the tests (CI must not pass by skipping);
without it, and no Checkov anywhere, they skip and say why.

The scan these tests judge is composed the way gate.api.scan composes it with the engine on (the integration
in docs/checkov.md): native evaluation, Checkov, merge, severity overrides, governance, decision.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gate.checkov.install import managed_command
from gate.checkov.merge import merge
from gate.checkov.runner import CheckovRun, scan
from gate.engine.evaluate import evaluate
from gate.engine.subsume import drop_plan_echoes
from gate.gating.governance import Governance
from gate.gating.stages import BUILTIN_STAGES, decide
from gate.loaders.inputs import Display, load_inputs
from gate.model import Resource, Result, Severity
from gate.options import ScanOptions
from gate.policies import LoadedPolicy, builtin_dir, load_policies

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engines"
TODAY = dt.date(2026, 11, 22)


def find_checkov() -> str | None:
    configured = os.environ.get("POLICY_GATE_CHECKOV")
    if configured:
        return configured
    found = shutil.which("checkov")
    if found:
        return found
    managed = managed_command(os.environ)
    return str(managed) if managed.is_file() else None


@pytest.fixture(scope="session")
def checkov() -> str:
    command = find_checkov()
    if command is None:
        pytest.skip(
            "CHECKOV NOT FOUND: set POLICY_GATE_CHECKOV to a checkov installed in its own environment "
            "(docs/checkov.md); the Checkov engine tests are skipped"
        )
    try:
        done = subprocess.run(
            [command, "--version"],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true"},
            check=False,
        )
        problem = None if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-500:]}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        problem = str(exc)
    if problem is not None:
        if os.environ.get("POLICY_GATE_CHECKOV"):
            pytest.fail(f"POLICY_GATE_CHECKOV={command} does not run: {problem}")
        pytest.skip(f"{command} does not run ({problem}); the Checkov engine tests are skipped")
    return command


@pytest.fixture(scope="session")
def policies() -> list[LoadedPolicy]:
    return load_policies([builtin_dir()])


@dataclass
class Scan:
    """One scan of a copied fixture with both engines, before governance."""

    root: Path
    resources: list[Resource]
    native: list[Result]
    run: CheckovRun
    merged: list[Result]
    notices: list[str] = field(default_factory=list)

    def checkov(self, check_id: str) -> list[Result]:
        return [r for r in self.run.results if r.policy_id == check_id]

    def merged_of(self, policy_id: str) -> list[Result]:
        return [r for r in self.merged if r.policy_id == policy_id]


def copy_fixture(name: str, target: Path) -> Path:
    root = target / name
    shutil.copytree(FIXTURES / name, root)
    return root


def scan_both(
    root: Path,
    checkov: str,
    policies: list[LoadedPolicy],
    *,
    stage: str = "pr",
    severity: Mapping[str, Severity] | None = None,
    paths: list[Path] | None = None,
) -> Scan:
    options = ScanOptions(paths=paths or [root], cwd=root, parse_cache=False, environ={})
    loaded = load_inputs(options, Display(root))
    native = drop_plan_echoes(evaluate(loaded.resources, policies, {}))  # as gate.api does
    run = scan(
        loaded.resources,
        root,
        profile=BUILTIN_STAGES[stage],
        stage=stage,
        severity=severity,
        environ={**os.environ, "POLICY_GATE_CHECKOV": checkov},
    )
    merged = merge(list(native), list(run.results), policies)
    return Scan(root, loaded.resources, native, run, merged, [*loaded.notices, *run.notices])


def govern(
    results: list[Result],
    policies: list[LoadedPolicy],
    run: CheckovRun,
    stage: str = "pr",
    waivers: Path | None = None,
    baseline: Path | None = None,
) -> tuple[bool, str, Governance]:
    """Stage profile, inline skips, waivers and baseline, then the decision: as gate.api.scan does it."""
    from gate.gating.baseline import read as read_baseline
    from gate.gating.waivers import load_waivers

    known = {p.policy.id for p in policies} | run.known_ids
    governance = Governance(BUILTIN_STAGES[stage], stage, known, {})
    if waivers is not None:
        governance.waivers, notices = load_waivers(waivers, waivers.name, TODAY, 90, known)
        governance.notices.extend(notices)
    if baseline is not None:
        governance.baseline = read_baseline(baseline)
    governance.apply(results)
    passed, decision = decide(results)
    return passed, decision, governance


@pytest.fixture(scope="session")
def project_scan(tmp_path_factory: pytest.TempPathFactory, checkov: str, policies: list[LoadedPolicy]) -> Scan:
    """The project fixture (HCL with a module, a plan with its source, a template) scanned at stage pr."""
    return scan_both(copy_fixture("project", tmp_path_factory.mktemp("pr")), checkov, policies)
