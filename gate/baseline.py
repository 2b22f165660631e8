"""Baselines: the fingerprints of failed results at one point in time. Results already in the baseline are
backlog instead of blocking, so only new problems block a pull request. Fingerprints are file-aware and
stable when lines move; a finding that moves to another file is a new finding."""

from __future__ import annotations

import json
from pathlib import Path

from gate.errors import ConfigError
from gate.model import BaselineEntry, Result, RunResult, Status
from gate.schema import check, to_data

FORMAT_VERSION = 1
COUNTED = (Status.FAILED, Status.UNKNOWN)


def entries_of(run: RunResult) -> dict[str, BaselineEntry]:
    """What a baseline records of a run: every failed or unknown result (waived ones need no baseline)."""
    return {
        r.fingerprint: BaselineEntry(fingerprint=r.fingerprint, policy_id=r.policy_id, address=r.resource.address, file=r.location.file)
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
