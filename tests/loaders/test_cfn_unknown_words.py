"""CloudFormation unknowns are worded for CloudFormation: a parameter without a value is named, with how to give
it (``--param-file``); nothing is "known only after apply" in a template, which has no apply."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from gate.api import ScanOptions, scan
from gate.model import Status

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cfn_parameters"


def test_an_unknown_from_a_parameter_without_value_names_it_and_the_option(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "ssh.yaml", tmp_path / "ssh.yaml")
    run = scan(ScanOptions(paths=[tmp_path / "ssh.yaml"], cwd=tmp_path, environ={}, stage="pr"))
    ssh = next(r for r in run.results if r.policy_id == "GATE-NET-001")
    assert ssh.status is Status.UNKNOWN
    assert ssh.message.endswith("Parameter AllowedCidr has no value: pass it with --param-file")
    assert "before deploy" in ssh.message
    unknown = [r.message for r in run.results if r.status is Status.UNKNOWN]
    assert unknown and not [m for m in unknown if "after apply" in m]


def test_with_the_parameter_passed_the_result_is_decided(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "ssh.yaml", tmp_path / "ssh.yaml")
    params = tmp_path / "params.json"
    params.write_text(json.dumps([{"ParameterKey": "AllowedCidr", "ParameterValue": "0.0.0.0/0"}]))
    run = scan(ScanOptions(paths=[tmp_path / "ssh.yaml"], cwd=tmp_path, environ={}, stage="pr", param_files=[params]))
    ssh = next(r for r in run.results if r.policy_id == "GATE-NET-001")
    assert ssh.status is Status.FAILED
