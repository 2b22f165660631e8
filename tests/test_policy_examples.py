"""Every policy's pass and fail examples, per target format, scanned on their own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.model import Status
from gate.policies import builtin_dir, load_policies

POLICIES = load_policies([builtin_dir()])
CFN_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def example_format(path: Path) -> str | None:
    name = path.name
    if name.endswith(".plan.json"):
        return "terraform"
    if name.endswith((".tf", ".tf.json")):
        return "terraform"
    if name.endswith(CFN_SUFFIXES):
        return "cloudformation"
    return None


def examples() -> list[tuple[str, str, str, Path]]:
    found = []
    for loaded in POLICIES:
        folder = loaded.file.with_suffix("")
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            fmt = example_format(path)
            kind = "pass" if path.name.startswith("pass") else "fail" if path.name.startswith("fail") else None
            if fmt and kind:
                found.append((loaded.policy.id, fmt, kind, path))
    return found


EXAMPLES = examples()


@pytest.mark.parametrize("policy_id,fmt,kind,path", EXAMPLES, ids=[f"{e[0]}-{e[3].name}" for e in EXAMPLES])
def test_example(policy_id: str, fmt: str, kind: str, path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    run = scan(ScanOptions(paths=[copy], cwd=tmp_path, environ={}))
    assert not run.errors, run.errors
    mine = [r for r in run.results if r.policy_id == policy_id]
    statuses = [r.status for r in mine]
    if kind == "fail":
        assert Status.FAILED in statuses, [r.message for r in mine]
    else:
        assert Status.PASSED in statuses, f"{path.name}: the policy judged nothing"
        bad = [r.message for r in mine if r.status in (Status.FAILED, Status.UNKNOWN)]
        assert not bad, bad


@pytest.mark.parametrize("loaded", POLICIES, ids=[p.policy.id for p in POLICIES])
def test_every_target_has_pass_and_fail_examples(loaded: object) -> None:
    policy = loaded.policy  # type: ignore[attr-defined]
    mine = [(fmt, kind) for pid, fmt, kind, _ in EXAMPLES if pid == policy.id]
    for fmt in policy.targets:
        assert (fmt, "pass") in mine, f"{policy.id}: no pass example for {fmt}"
        assert (fmt, "fail") in mine, f"{policy.id}: no fail example for {fmt}"
        assert fmt in policy.remediation, f"{policy.id}: no remediation for {fmt}"


def test_policy_ids_are_unique_and_match_files() -> None:
    ids = [p.policy.id for p in POLICIES]
    assert len(ids) == len(set(ids))
    assert all(p.file.stem == p.policy.id for p in POLICIES)
