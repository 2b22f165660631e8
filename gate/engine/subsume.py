"""One finding per problem: a broader policy's failure covers the narrower ones it subsumes on the same rule.

A security group open to the internet on every port fails GATE-NET-003, and also SSH, RDP, database,
remote-administration, file-sharing and messaging ports (GATE-NET-001, -002, -004, -006, -007, -008): seven
findings for one rule. The broader policy lists the narrower ones (``subsumes: [...]`` in its file); after the
stage has decided each result, :func:`fold` tells a narrower result under the broader one when

- both judge the same resource in the same root and file, caused by the same resource (or both by its own
  arguments);
- the broader one failed, and every block or attribute behind the narrower one is behind it too (an SSH rule
  in another ``ingress`` block than the open one stays a finding of its own);
- the broader one does at least as much: its severity is as high and its disposition as strong (a waived,
  skipped, baselined or downgraded broader result covers nothing, so folding never lowers the decision).

A folded result stays in the run (status, disposition and fingerprint unchanged, so baselines and tickets
still see it) with ``subsumed_by`` naming the broader result's fingerprint; reports tell it as detail of that
finding, never as a finding of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from gate.model import Disposition, Result, Status

_STRENGTH = {Disposition.BLOCK: 0, Disposition.BACKLOG: 1, Disposition.IGNORE: 2}
_OPEN = (Status.FAILED, Status.UNKNOWN)


def subsumption(policies: Iterable[tuple[str, list[str]]]) -> dict[str, set[str]]:
    """Policy id -> the ids it covers, directly or through a chain (A subsumes B, B subsumes C: A covers C)."""
    direct = {policy_id: set(subsumes) for policy_id, subsumes in policies}
    covers: dict[str, set[str]] = {}
    for policy_id in direct:
        seen: set[str] = set()
        todo = list(direct[policy_id])
        while todo:
            narrower = todo.pop()
            if narrower in seen or narrower == policy_id:
                continue
            seen.add(narrower)
            todo.extend(direct.get(narrower, ()))
        if seen:
            covers[policy_id] = seen
    return covers


def _key(result: Result) -> tuple[str, str, str, str]:
    cause = result.cause.address if result.cause is not None else ""
    return result.root, result.resource.address, result.location.file, cause


def _does_as_much(broader: Result, narrower: Result) -> bool:
    return (
        broader.severity.rank <= narrower.severity.rank
        and _STRENGTH[broader.disposition] <= _STRENGTH[narrower.disposition]
        and {e.attribute for e in narrower.evidence} <= {e.attribute for e in broader.evidence}
    )


def fold(results: list[Result], covers: dict[str, set[str]]) -> int:
    """Mark each narrower result covered by a broader failure (see the module's doc); returns how many.
    Run after the stage decided every result (waivers, skips, baselines, severity overrides)."""
    if not covers:
        return 0
    broader_by_key: dict[tuple[str, str, str, str], list[Result]] = {}
    for result in results:
        result.subsumed_by = None
        if result.status is Status.FAILED and result.policy_id in covers:
            broader_by_key.setdefault(_key(result), []).append(result)
    folded = 0
    for result in results:
        if result.status not in _OPEN:
            continue
        candidates = [
            b
            for b in broader_by_key.get(_key(result), ())
            if result.policy_id in covers[b.policy_id] and b is not result and _does_as_much(b, result)
        ]
        if candidates:
            # the broadest of them: the one covering most, then by id, so the choice is stable
            best = min(candidates, key=lambda b: (-len(covers[b.policy_id]), b.policy_id))
            result.subsumed_by = best.fingerprint
            folded += 1
    return folded


_RANK = {Status.FAILED: 3, Status.ERROR: 3, Status.UNKNOWN: 2, Status.PASSED: 1}


def drop_plan_echoes(results: list[Result]) -> list[Result]:
    """Say it once: a plan found beside its folder's HCL is judged with it (it may add findings, never replace the
    HCL's: docs/security.md), so a plan result on the same resource and file, for the same policy, that says no
    more than the HCL's result (its status is not worse) is the same finding twice and is left out."""
    hcl: dict[tuple[str, str, str], int] = {}
    for r in results:
        if not r.root.startswith("plan:"):
            key = (r.policy_id, r.resource.address, r.location.file)
            hcl[key] = max(hcl.get(key, 0), _RANK.get(r.status, 0))
    return [
        r
        for r in results
        if not (
            r.root.startswith("plan:")
            and _RANK.get(r.status, 0) <= hcl.get((r.policy_id, r.resource.address, r.location.file), 0)
        )
    ]
