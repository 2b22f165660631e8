"""Baselines: the fingerprints of failed results at one point in time. Results already in the baseline are
backlog instead of blocking, so only new problems block a pull request. Fingerprints name the root, the
policy, the resource, its file and the resource causing the finding, and are stable when lines move; a finding
in another root, another file or caused by another resource is a new finding.

Baselines written before fingerprints named the root and the cause (format 1) are still read: an old entry
matches only where it names exactly one finding that no other resource causes, so it never matches more than
it did; the rest match nothing, and the run says so (``gate baseline update`` rewrites them)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from gate.engine.evaluate import fingerprint, legacy_fingerprint
from gate.errors import ConfigError
from gate.model import BaselineEntry, Result, RunResult, Status
from gate.schema import check, to_data

FORMAT_VERSION = 2  # 2: fingerprints name the root and the causing resource
COUNTED = (Status.FAILED, Status.UNKNOWN)


def entries_of(run: RunResult) -> dict[str, BaselineEntry]:
    """What a baseline records of a run: every failed or unknown result (waived ones need no baseline)."""
    return {
        r.fingerprint: BaselineEntry(
            fingerprint=r.fingerprint,
            policy_id=r.policy_id,
            address=r.resource.address,
            file=r.location.file,
            root=r.root,
            cause=r.cause.address if r.cause else "",
        )
        for r in run.results
        if r.status in COUNTED
    }


def read(path: Path) -> dict[str, BaselineEntry]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        entries = check(list[BaselineEntry], doc["entries"])
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found (create it with `gate baseline create`)") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a policy-gate baseline: {exc}") from None
    return {e.fingerprint: e for e in entries}


def write(path: Path, entries: dict[str, BaselineEntry]) -> None:
    ordered = sorted(entries.values(), key=lambda e: (e.file, e.policy_id, e.address))
    doc = {"format_version": FORMAT_VERSION, "tool": "policy-gate", "entries": to_data(ordered)}
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def update(existing: dict[str, BaselineEntry], run: RunResult) -> tuple[dict[str, BaselineEntry], int, int]:
    """Add the run's new findings; drop entries of scanned files that are no longer found.
    Returns the new entries, how many were added and how many removed."""
    current = entries_of(run)
    scanned = scanned_files(run)
    kept = {f: e for f, e in existing.items() if f in current or e.file not in scanned}
    added = sum(1 for f in current if f not in existing)
    merged = {**kept, **current}
    return merged, added, len(existing) - len(kept)


def scanned_files(run: RunResult) -> set[str]:
    return {r.location.file for r in run.results}


def fixed(existing: dict[str, BaselineEntry], results: list[Result]) -> list[BaselineEntry]:
    """Entries of files this run read whose finding is gone (a file that could not be read fixes nothing)."""
    present = {r.fingerprint for r in results if r.status is not Status.PASSED}
    unreadable = {r.location.file for r in results if r.status is Status.ERROR}
    files = {r.location.file for r in results} - unreadable
    return sorted(
        (e for f, e in existing.items() if f not in present and e.file in files),
        key=lambda e: (e.file, e.policy_id, e.address),
    )


def adopt_legacy(
    entries: dict[str, BaselineEntry], results: list[Result], shown: str
) -> tuple[dict[str, BaselineEntry], list[str]]:
    """Entries of an older baseline (fingerprints of policy, address and file alone) keyed by the finding they
    still name, when they name exactly one and no other resource causes it; entries that now name several
    findings (two roots calling one module, several causes) are dropped; a notice says how many of each."""
    current = {r.fingerprint for r in results}
    old = [e for e in entries.values() if e.fingerprint not in current and _is_legacy(e)]
    if not old:
        return entries, []
    candidates: dict[str, list[Result]] = {}
    for result in results:
        if result.status is not Status.PASSED:
            candidates.setdefault(legacy_fingerprint(result), []).append(result)
    adopted = dict(entries)
    kept = dropped = 0
    for entry in old:
        found = candidates.get(entry.fingerprint, [])
        if not found:
            continue  # gone: reported as fixed, as before
        del adopted[entry.fingerprint]
        if len({r.fingerprint for r in found}) == 1 and found[0].cause is None:
            one = found[0]
            adopted[one.fingerprint] = dataclasses.replace(entry, fingerprint=one.fingerprint, root=one.root)
            kept += 1
        else:
            dropped += 1
    gone = len(old) - kept - dropped
    notice = (
        f"{shown}: {len(old)} entries were written by an older policy-gate, whose fingerprints did not name the "
        f"root or the resource causing a finding: {kept} name one finding each and still match it; {dropped} now "
        "name several findings (several roots or causing resources) or one another resource causes, and match "
        f"none; {gone} are no longer found. Run `gate baseline update` to write them in the current form."
    )
    return adopted, [notice]


def _is_legacy(entry: BaselineEntry) -> bool:
    return not entry.root and entry.fingerprint == fingerprint(entry.policy_id, entry.address, entry.file)
