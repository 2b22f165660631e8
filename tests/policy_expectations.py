"""What each policy's fail examples must fail, stated beside them in ``expect.yaml`` (as sqlfluff's rule cases
state their violations), so that a fail example that fails for the wrong reason, on the wrong resource, or that
a new policy starts failing too, is noticed.

``policies/<family>/<ID>/expect.yaml`` maps each fail example of the folder to the failures a scan of that file
alone gives: policy id -> resource address -> a fragment of the message, the part that says why it fails (not
the policy's title, which every message of the policy starts with). A resource that fails one policy more than
once lists one fragment per failure. Every failing policy is stated, the folder's own and any other, and the
test checks the set is exactly this.

``python scripts/update_expectations.py`` rewrites the files from a scan, keeping every fragment that still
matches its message (hand-shortened fragments survive); review the diff it makes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from gate.api import ScanOptions, scan
from gate.model import Result, RunResult, Status

EXPECT_FILE = "expect.yaml"
HEADER = """\
# What each fail example must fail when scanned alone: policy id -> resource address -> a fragment of the
# message saying why (one per failure). Other policies the file fails are stated too; the test checks the set is
# exactly this. Regenerate with `python scripts/update_expectations.py` (fragments that still match are kept,
# so shorten them by hand freely) and review the diff. Format: tests/policy_expectations.py.
"""

# policy id -> resource address -> fragments (or, for a scan, full messages), one per failure
Failures = dict[str, dict[str, list[str]]]


CFN_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def example_format(path: Path) -> str | None:
    """The format an example file is written in (a plan judges with the terraform target), None for others."""
    name = path.name
    if name == EXPECT_FILE:
        return None
    if name.endswith((".plan.json", ".tf", ".tf.json")):
        return "terraform"
    if name.endswith(CFN_SUFFIXES):
        return "cloudformation"
    return None


def is_fail_example(path: Path) -> bool:
    return path.name.startswith("fail") and example_format(path) is not None


def scan_alone(path: Path, workdir: Path) -> RunResult:
    """The example scanned on its own, as a user would scan a folder holding only it."""
    copy = workdir / path.name
    shutil.copy(path, copy)
    return scan(ScanOptions(paths=[copy], cwd=workdir, environ={}))


def failed(results: Iterable[Result]) -> list[Result]:
    return [r for r in results if r.status == Status.FAILED]


def reason(result: Result) -> str:
    """The part of the message that says why: the message without the policy's title in front of it."""
    prefix = f"{result.title}: "
    return result.message[len(prefix) :] if result.message.startswith(prefix) else result.message


def observed(results: Iterable[Result]) -> dict[tuple[str, str], list[Result]]:
    found: dict[tuple[str, str], list[Result]] = {}
    for result in failed(results):
        found.setdefault((result.policy_id, result.resource.address), []).append(result)
    return found


def load(folder: Path) -> dict[str, Failures]:
    """The expectations of a policy folder (empty when it has none); a malformed file is an AssertionError
    naming it, never a silent pass."""
    path = folder / EXPECT_FILE
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict), f"{path}: a mapping of fail example -> policy id -> resource -> fragment"
    out: dict[str, Failures] = {}
    for example, policies in data.items():
        assert isinstance(policies, dict) and policies, f"{path}: {example}: no failing policy stated"
        out[str(example)] = {}
        for policy_id, resources in policies.items():
            assert isinstance(resources, dict) and resources, f"{path}: {example}: {policy_id}: no resource"
            out[str(example)][str(policy_id)] = {
                str(address): _fragments(path, example, policy_id, address, value)
                for address, value in resources.items()
            }
    return out


def _fragments(path: Path, example: object, policy_id: object, address: object, value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    where = f"{path}: {example}: {policy_id}: {address}"
    assert values and all(isinstance(v, str) and v.strip() for v in values), f"{where}: fragments must be text"
    return [str(v) for v in values]


def mismatches(stated: Failures, results: Iterable[Result]) -> list[str]:
    """What differs between the stated failures and a scan's; empty when they agree."""
    found = observed(results)
    wanted = {(pid, address): frags for pid, resources in stated.items() for address, frags in resources.items()}
    problems = [
        f"{pid} {address}: fails but is not stated ({[reason(r) for r in found[pid, address]]})"
        for pid, address in sorted(found.keys() - wanted.keys())
    ]
    problems += [f"{pid} {address}: stated but does not fail" for pid, address in sorted(wanted.keys() - found)]
    for key in sorted(wanted.keys() & found.keys()):
        results_here, fragments = found[key], wanted[key]
        if len(results_here) != len(fragments):
            problems.append(f"{key[0]} {key[1]}: fails {len(results_here)} times, {len(fragments)} stated")
            continue
        unmatched = _assign(fragments, results_here)[1]
        problems += [f"{key[0]} {key[1]}: no failure says {fragment!r}" for fragment in unmatched]
        titles = {r.title for r in results_here}
        problems += [
            f"{key[0]} {key[1]}: fragment {fragment!r} is only the policy's title; state why it fails"
            for fragment in fragments
            if any(fragment in title for title in titles)
        ]
    return problems


def _assign(fragments: list[str], results: list[Result]) -> tuple[dict[int, str], list[str]]:
    """Pairs each fragment with a distinct failure whose message holds it: (result index -> fragment, the
    fragments left without one)."""
    taken: dict[int, str] = {}
    left = []
    for fragment in fragments:
        index = next((i for i, r in enumerate(results) if i not in taken and fragment in r.message), None)
        if index is None:
            left.append(fragment)
        else:
            taken[index] = fragment
    return taken, left


def regenerate(previous: Failures | None, results: Iterable[Result]) -> Failures:
    """The expectations a scan gives, keeping each previous fragment that still matches a failure of the same
    policy and resource, and the reason of the message for the rest."""
    out: Failures = {}
    for (pid, address), here in sorted(observed(results).items()):
        kept = _assign((previous or {}).get(pid, {}).get(address, []), here)[0]
        out.setdefault(pid, {})[address] = [kept.get(i, reason(r)) for i, r in enumerate(here)]
    return out


def dump(folder: Path, expectations: dict[str, Failures]) -> None:
    plain = {
        example: {
            pid: {address: frags[0] if len(frags) == 1 else frags for address, frags in resources.items()}
            for pid, resources in policies.items()
        }
        for example, policies in sorted(expectations.items())
    }
    text = yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    (folder / EXPECT_FILE).write_text(HEADER + text, encoding="utf-8")


def update_folder(folder: Path) -> bool:
    """Rewrites the folder's expect.yaml from a scan of each fail example; True when it changed."""
    previous = load(folder)
    fresh: dict[str, Failures] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and is_fail_example(p)):
        with tempfile.TemporaryDirectory() as work:
            run = scan_alone(path, Path(work))
            if run.errors or not failed(run.results):
                continue  # a broken or harmless fail example: the test says so, with the scan's words
            fresh[path.name] = regenerate(previous.get(path.name), run.results)
    before = (folder / EXPECT_FILE).read_text(encoding="utf-8") if (folder / EXPECT_FILE).exists() else None
    if fresh:
        dump(folder, fresh)
    elif before is not None:
        (folder / EXPECT_FILE).unlink()
    after = (folder / EXPECT_FILE).read_text(encoding="utf-8") if fresh else None
    return before != after
