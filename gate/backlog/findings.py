"""What a scan asks of the backlog: the findings that should have a ticket, the findings that still exist,
and the files the scan covered (only tickets of those files may be closed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gate.backlog.codeowners import CodeOwners
from gate.backlog.model import Finding
from gate.engine.evaluate import legacy_fingerprint
from gate.model import Disposition, Result, RunResult, Status
from gate.reporters._common import policy_of, priority

OPEN = (Status.FAILED, Status.UNKNOWN)
# Evidence attributes that name an owner, when a policy reports them (the JSON report carries no tags today).
OWNER_TAGS = ("owner", "team")


@dataclass
class Findings:
    """The part of a scan the backlog acts on."""

    wanted: list[Finding] = field(default_factory=list)  # results that should have an open ticket
    present: set[str] = field(default_factory=set)  # fingerprints of every result not passed: never closed
    scanned_files: set[str] = field(default_factory=set)  # files read without error
    # The fingerprints an older policy-gate gave the results not passed (policy, address and file alone), each
    # with the current fingerprints it now names; those of results another resource causes are marked "caused".
    legacy: dict[str, set[str]] = field(default_factory=dict)
    caused: set[str] = field(default_factory=set)


def collect(run: RunResult, include_blocking: bool, owners: CodeOwners | None) -> Findings:
    """The findings of ``run``: failed and unknown results whose disposition is backlog (and block, when
    ``include_blocking``), one per fingerprint, most urgent first."""
    dispositions = {Disposition.BACKLOG, Disposition.BLOCK} if include_blocking else {Disposition.BACKLOG}
    unreadable = {r.location.file for r in run.results if r.status is Status.ERROR} | {e.file for e in run.errors}
    found = Findings(
        present={r.fingerprint for r in run.results if r.status is not Status.PASSED},
        scanned_files={r.location.file for r in run.results} - unreadable,
    )
    for result in run.results:
        if result.status is not Status.PASSED:
            found.legacy.setdefault(legacy_fingerprint(result), set()).add(result.fingerprint)
            if result.cause is not None:
                found.caused.add(result.fingerprint)
    seen: set[str] = set()
    for result in sorted(run.results, key=priority):
        if (
            result.status not in OPEN
            or result.disposition not in dispositions
            or result.fingerprint in seen
            or result.subsumed_by is not None
        ):  # told under the broader finding's ticket
            continue
        seen.add(result.fingerprint)
        team, source = route(result, owners)
        found.wanted.append(Finding(result.fingerprint, result, policy_of(run, result), team, source))
    return found


def route(result: Result, owners: CodeOwners | None) -> tuple[tuple[str, ...], str]:
    """Who owns the result's resource: an ``owner``/``team`` tag when the result's evidence names one, else
    the CODEOWNERS entry of its file; with where that came from."""
    for evidence in result.evidence:
        name = evidence.attribute.replace('"', "").replace("[", ".").replace("]", "").lower()
        leaf = name.rsplit(".", 1)[-1]
        if (
            name.startswith("tags")
            and leaf in OWNER_TAGS
            and isinstance(evidence.value, str)
            and evidence.value.strip()
        ):
            return (evidence.value.strip(),), f"resource tag {leaf}"
    if owners is not None:
        found = owners.owners(result.location.file)
        if found:
            return found, owners.source
    return (), ""
