"""Every policy's pass and fail examples, per target format, scanned on their own. A fail example fails exactly
what its folder's expect.yaml states (tests/policy_expectations.py); after an intended change, rerun
``python scripts/update_expectations.py`` and review the diff."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from policy_expectations import EXPECT_FILE, Failures, example_format, is_fail_example, load, mismatches, scan_alone

from gate.model import Status
from gate.policies import builtin_dir, load_policies

POLICIES = load_policies([builtin_dir()])
UPDATE = "python scripts/update_expectations.py"


@functools.cache
def expectations(folder: Path) -> dict[str, Failures]:
    return load(folder)


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
    run = scan_alone(path, tmp_path)
    assert not run.errors, run.errors
    if path.name.endswith(".plan.json"):  # judged as a plan, not as a CloudFormation template or Terraform JSON
        assert run.results and all(r.root == f"plan:{path.name}" for r in run.results), {r.root for r in run.results}
    mine = [r for r in run.results if r.policy_id == policy_id]
    statuses = [r.status for r in mine]
    if kind == "fail":
        assert Status.FAILED in statuses, [r.message for r in mine]
        stated = expectations(path.parent).get(path.name)
        assert stated is not None, f"{path.parent.name}/{EXPECT_FILE} states nothing for {path.name}: run {UPDATE}"
        problems = mismatches(stated, run.results)
        assert not problems, f"{path.parent.name}/{path.name} (if intended, run {UPDATE} and review):\n" + "\n".join(
            problems
        )
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


@pytest.mark.parametrize("loaded", POLICIES, ids=[p.policy.id for p in POLICIES])
def test_expectations_name_only_fail_examples_of_their_folder(loaded: object) -> None:
    folder = loaded.file.with_suffix("")  # type: ignore[attr-defined]
    stated = expectations(folder) if folder.is_dir() else {}
    stale = [name for name in stated if not is_fail_example(folder / name) or not (folder / name).is_file()]
    assert not stale, f"{folder.name}/{EXPECT_FILE} states examples that are not fail files here: {stale}"
    for name, failures in stated.items():
        assert loaded.policy.id in failures, f"{folder.name}/{name}: its own policy is not stated as failing"  # type: ignore[attr-defined]


def test_policy_ids_are_unique_and_match_files() -> None:
    ids = [p.policy.id for p in POLICIES]
    assert len(ids) == len(set(ids))
    assert all(p.file.stem == p.policy.id for p in POLICIES)
