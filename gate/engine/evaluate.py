"""Every policy against every resource of its target types: one result per (policy, resource)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from gate.engine.conditions import Context
from gate.engine.index import ResourceIndex
from gate.engine.outcome import Clue, Outcome
from gate.model import Evidence, Resource, ResourceRef, Result, Status, target_of
from gate.policies import LoadedPolicy
from gate.values import Unknown

SENSITIVE_NAME = re.compile(r"(password|passwd|secret|token|private_?key|credential|api_?key)", re.IGNORECASE)
REDACTED = "(sensitive)"


def fingerprint(policy_id: str, address: str, file: str) -> str:
    """Stable when lines move: policy, resource and file, never line numbers."""
    return hashlib.sha256(f"{policy_id}\x00{address}\x00{file}".encode()).hexdigest()[:32]


def evaluate(
    resources: Iterable[Resource], policies: list[LoadedPolicy], settings: dict[str, Any] | None = None
) -> list[Result]:
    index = ResourceIndex(resources)
    results: list[Result] = []
    for loaded in policies:
        for fmt, target in loaded.policy.targets.items():
            condition = loaded.conditions[fmt]
            for type_name in target.resource_types:
                for resource in index.by_type.get(type_name, ()):
                    if resource.mode != "managed" or target_of(resource.format) != fmt:
                        continue
                    judged = target.judged_with
                    if judged and index.attached_to_any(resource, judged.attribute, judged.types, judged.key):
                        continue
                    ctx = Context(resource, index, settings or {})
                    try:
                        outcome = condition.evaluate(ctx, resource.attributes, "")
                    except Exception as exc:  # a crashing policy is an error result, never a pass
                        results.append(_result(loaded, resource, Status.ERROR, f"policy failed to evaluate: {exc!r}", []))
                        continue
                    results.append(_from_outcome(loaded, resource, outcome))
    return results


def _from_outcome(loaded: LoadedPolicy, resource: Resource, outcome: Outcome) -> Result:
    title = loaded.policy.title
    if outcome.value is True:
        return _result(loaded, resource, Status.PASSED, f"{title}: passed", [])
    evidence = [_evidence(resource, clue) for clue in outcome.clues]
    reasons = "; ".join(_dedupe(_describe(resource, clue) for clue in outcome.clues))
    if outcome.value is None:
        message = f"{title}: cannot be decided before apply ({reasons or 'a decisive value is unknown'})"
        return _result(loaded, resource, Status.UNKNOWN, message, evidence)
    return _result(loaded, resource, Status.FAILED, f"{title}: {reasons}" if reasons else title, evidence)


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def is_sensitive(resource: Resource, path: str) -> bool:
    top = re.split(r"[.\[]", path, maxsplit=1)[0]
    return top in resource.sensitive or bool(SENSITIVE_NAME.search(path))


def _describe(resource: Resource, clue: Clue) -> str:
    if not clue.note and not clue.absent and is_sensitive(resource, clue.path):
        return f"{clue.path} = {REDACTED}"
    return clue.describe()


def _evidence(resource: Resource, clue: Clue) -> Evidence:
    value: Any = None if clue.absent else clue.value
    if isinstance(value, Unknown):
        value = "(known after apply)"
    elif value is not None and is_sensitive(resource, clue.path):
        value = REDACTED
    elif not isinstance(value, (str, int, float, bool, type(None))):
        value = repr(value) if len(repr(value)) < 200 else repr(value)[:197] + "..."
    return Evidence(attribute=clue.path, value=value, note=_describe(resource, clue))


def _result(loaded: LoadedPolicy, resource: Resource, status: Status, message: str, evidence: list[Evidence]) -> Result:
    policy = loaded.policy
    return Result(
        policy_id=policy.id,
        title=policy.title,
        severity=policy.severity,
        family=policy.family.value,
        status=status,
        resource=ResourceRef(address=resource.address, type=resource.type, format=resource.format),
        location=resource.location,
        message=message,
        fingerprint=fingerprint(policy.id, resource.address, resource.location.file),
        evidence=evidence,
    )
