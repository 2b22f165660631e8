"""What several report formats share: which results are open, the words of a finding, stable unique ids."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from gate.model import INPUT_ERROR_ID, Disposition, Location, PolicyInfo, Result, RunResult, Severity, Status, target_of

INPUT_ERROR_POLICY = PolicyInfo(
    id=INPUT_ERROR_ID,
    title="Input could not be read",
    family="input",
    severity=Severity.CRITICAL,
    description=(
        "An infrastructure file could not be read, parsed or evaluated. The gate fails closed: a file it cannot "
        "read is never taken as passing, so its resources are not judged until the error is fixed."
    ),
    remediation={
        "terraform": "Fix the error at the reported line (`terraform validate` shows the same problem).",
        "cloudformation": "Fix the error at the reported line (`cfn-lint` or `aws cloudformation validate-template` "
        "shows the same problem).",
    },
)

OPEN = (Status.FAILED, Status.UNKNOWN, Status.ERROR)
SET_ASIDE = (Status.WAIVED, Status.SUPPRESSED)
_DISPOSITION_RANK = {Disposition.BLOCK: 0, Disposition.BACKLOG: 1, Disposition.IGNORE: 2}


def where(result: Result) -> Location:
    """The lines to change for ``result``: the block, argument or resource causing it, else its resource."""
    return result.region or result.location


def findings(results: Iterable[Result]) -> list[Result]:
    """The results that are findings of their own: every one not told under a broader one (gate.engine.subsume)."""
    return [r for r in results if r.subsumed_by is None]


def told_under(results: Iterable[Result]) -> dict[str, list[Result]]:
    """A broader result's fingerprint -> the narrower results told under it, most severe first."""
    under: dict[str, list[Result]] = {}
    for result in results:
        if result.subsumed_by is not None:
            under.setdefault(result.subsumed_by, []).append(result)
    for narrower in under.values():
        narrower.sort(key=lambda r: (r.severity.rank, r.policy_id))
    return under


def covers_text(narrower: list[Result], broader: Result | None = None) -> str:
    """``Also covers: SSH from the internet (GATE-NET-001, critical); ...`` for a broader finding, or "". The
    words a narrower title shares with the broader one's start ("Security group allows ") are said once."""
    if not narrower:
        return ""
    return "Also covers: " + "; ".join(
        f"{_after_shared_words(r.title, broader.title if broader else '')} ({r.policy_id}, {r.severity.value})"
        for r in narrower
    )


def _after_shared_words(title: str, other: str) -> str:
    words, others = title.split(" "), other.split(" ")
    shared = 0
    while shared < min(len(words), len(others)) - 1 and words[shared] == others[shared]:
        shared += 1
    return " ".join(words[shared:])


def policy_of(run: RunResult, result: Result) -> PolicyInfo:
    """The metadata of the policy behind ``result``; built from the result itself when the run lacks it."""
    if result.policy_id in run.policies:
        return run.policies[result.policy_id]
    if result.policy_id == INPUT_ERROR_ID:
        return INPUT_ERROR_POLICY
    return PolicyInfo(
        id=result.policy_id,
        title=result.title,
        family=result.family,
        severity=result.severity,
        description=result.title,
        remediation={},
    )


def all_policies(run: RunResult) -> list[PolicyInfo]:
    """Every policy that produced a result, by id, with the input-error policy when the run has errors."""
    policies = dict(run.policies)
    if any(r.policy_id == INPUT_ERROR_ID for r in run.results) and INPUT_ERROR_ID not in policies:
        policies[INPUT_ERROR_ID] = INPUT_ERROR_POLICY
    for result in run.results:
        if result.policy_id not in policies:
            policies[result.policy_id] = policy_of(run, result)
    return [policies[key] for key in sorted(policies)]


def remediation(policy: PolicyInfo, fmt: str) -> str:
    """The remediation written for the result's input format, else every one the policy has."""
    target = target_of(fmt)
    if target in policy.remediation:
        return policy.remediation[target]
    return "\n\n".join(f"{name}: {text}" for name, text in sorted(policy.remediation.items()))


def detail(result: Result) -> str:
    """The finding-specific part of the message: without the title it starts with, or for an input error
    without the ``file:line:`` the location already says."""
    message = result.message
    prefix = f"{result.title}: "
    if message.startswith(prefix):
        return message[len(prefix) :]
    if result.policy_id == INPUT_ERROR_ID and message.startswith(f"{result.location.file}:"):
        rest = message[len(result.location.file) + 1 :]
        head, sep, tail = rest.partition(": ")
        if sep and all(part.isdigit() for part in head.split(":")):
            return tail
        return rest.lstrip()
    return message


def sentence(text: str) -> str:
    """``text`` ending with a full stop (SARIF viewers show the first sentence as the title)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def priority(result: Result) -> tuple[int, int, str, int, str, str]:
    """Most urgent first: blocking, then backlog, then the rest; by severity within each."""
    return (
        _DISPOSITION_RANK[result.disposition],
        result.severity.rank,
        result.location.file,
        result.location.start_line,
        result.policy_id,
        result.resource.address,
    )


def unique_fingerprints(results: Iterable[Result]) -> list[str]:
    """Each result's fingerprint, made unique where two results share one (several input errors in one file):
    a repeat gets a hash of the fingerprint and its rank among the repeats, so no line number enters it."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for result in results:
        count = seen.get(result.fingerprint, 0)
        seen[result.fingerprint] = count + 1
        if count == 0:
            out.append(result.fingerprint)
        else:
            out.append(hashlib.sha256(f"{result.fingerprint}\x00{count}".encode()).hexdigest()[:32])
    return out


def suppression_text(result: Result) -> str:
    """Why a waived or suppressed result is set aside, in one line."""
    suppression = result.suppression
    if suppression is None:
        return f"{result.status.value}"
    what = "waived" if suppression.kind == "waiver" else "suppressed inline"
    parts = [what]
    if suppression.owner:
        parts.append(f"by {suppression.owner}")
    if suppression.expires:
        parts.append(f"until {suppression.expires}")
    if suppression.source:
        parts.append(f"({suppression.source})")
    return " ".join(parts) + f": {suppression.reason}"
