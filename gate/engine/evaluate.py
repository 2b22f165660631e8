"""Every policy against every resource of its target types: one result per (policy, resource)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from gate.engine.cloud_control import CloudControl
from gate.engine.context import Condition, Context
from gate.engine.index import ResourceIndex
from gate.engine.outcome import Clue, Outcome
from gate.engine.unknown_words import unset_parameters, worded
from gate.model import Cause, Evidence, Location, Resource, ResourceRef, Result, Status, target_of
from gate.policies import LoadedPolicy
from gate.values import Unknown, cause_of

# Attribute names that say secret; a word of the name must match (``auth_token`` yes, ``http_tokens`` no:
# that one holds "required" or "optional").
SENSITIVE_NAME = re.compile(
    r"(?:^|[_.\-\[])(?:master_?)?(password|passwd|secret|secret_?string|token|private_?key|credentials?|api_?key)(?:$|[_.\-\]])",
    re.IGNORECASE,
)
NOT_SECRET = re.compile(r"(^|[_.\-])(http_?tokens|secret_?arn|secret_?id|kms_?key|token_?validity)", re.IGNORECASE)
REDACTED = "(sensitive)"


def fingerprint(policy_id: str, address: str, file: str, root: str = "", cause: str = "") -> str:
    """A finding's identity, stable when lines move: the root it was judged in (two environments calling one
    module never share one), the policy, the resource and its file, and the other resource that causes it (a
    rule resource opening a group); never line numbers. Without root and cause (input errors, Checkov) it is
    the form policy-gate wrote before roots and causes were named (see :func:`legacy_fingerprint`)."""
    parts = [policy_id, address, file, *([root, cause] if root or cause else [])]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


def legacy_fingerprint(result: Result) -> str:
    """What policy-gate before format 2 called ``result``: policy, address and file only. Baselines and
    tickets written then are read through it, and only where it names one finding (docs/identity.md)."""
    return fingerprint(result.policy_id, result.resource.address, result.location.file)


def evaluate(
    resources: Iterable[Resource], policies: list[LoadedPolicy], settings: dict[str, Any] | None = None
) -> list[Result]:
    resources = list(resources)
    # awscc resources are the CloudFormation resources they deploy: judged by the CloudFormation targets
    cloud_control = CloudControl(
        (t.resource_types, t.condition) for p in policies for f, t in p.policy.targets.items() if f == "cloudformation"
    )
    index = ResourceIndex([*resources, *cloud_control.views(resources)])
    results: list[Result] = []
    # One ResourceRef per resource, shared by its results (nothing changes it once made).
    refs = {id(r): ResourceRef(address=r.address, type=r.type, format=r.format) for r in index.resources}
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
                    ref = refs[id(resource)]
                    ctx = Context(resource, index, settings or {})
                    try:
                        outcome = condition.evaluate(ctx, resource.attributes, "")
                    except Exception as exc:  # a crashing policy is an error result, never a pass
                        why = exc.__class__.__name__ if resource.sensitive else repr(exc)  # never quote a secret
                        results.append(
                            _result(loaded, resource, ref, Status.ERROR, f"policy failed to evaluate: {why}", [])
                        )
                        continue
                    for result in _from_outcome(loaded, resource, ref, outcome):
                        if result.status is Status.FAILED and resource.before is not None:
                            _mark_regression(result, condition, ctx, resource)
                        results.append(result)
    return results


def _mark_regression(result: Result, condition: Condition, ctx: Context, resource: Resource) -> None:
    """A failure that passed before this plan's change is a regression ("this change disables encryption"):
    say so, and show each decisive attribute's value before and after."""
    assert resource.before is not None
    try:
        previous = condition.evaluate(ctx, resource.before, "")
    except Exception:  # noqa: BLE001 - the prior state is evidence only; it never decides the result
        return
    if previous.value is not True:
        return
    result.regression = True
    result.message = f"Regression: this change makes it fail. {result.message}"
    evidence = []
    for item in result.evidence:
        top = re.split(r"[.\[]", item.attribute, maxsplit=1)[0]
        before = resource.before.get(top)
        if is_sensitive(resource, item.attribute):
            before = REDACTED if before is not None else None
        elif not isinstance(before, (str, int, float, bool, type(None))):
            before = repr(before)[:200]
        evidence.append(dataclasses.replace(item, before=before))
    result.evidence = evidence


def _from_outcome(loaded: LoadedPolicy, resource: Resource, ref: ResourceRef, outcome: Outcome) -> list[Result]:
    """One result when the resource passes; else one per resource causing the finding (its own arguments, and
    each other resource, such as a rule resource, that makes it fail), each with its own identity."""
    if outcome.value is True:
        return [_result(loaded, resource, ref, Status.PASSED, loaded.passed_message, [])]
    by_cause: dict[int, tuple[Resource | None, list[Clue]]] = {}
    for clue in outcome.clues:
        cause = clue.cause if clue.cause is not resource else None
        by_cause.setdefault(id(cause), (cause, []))[1].append(clue)
    groups = list(by_cause.values()) or [(None, [])]
    return [_finding(loaded, resource, ref, outcome, clues, cause) for cause, clues in groups]


def _finding(
    loaded: LoadedPolicy,
    resource: Resource,
    ref: ResourceRef,
    outcome: Outcome,
    clues: list[Clue],
    cause: Resource | None,
) -> Result:
    title = loaded.policy.title
    evidence = [_evidence(resource, clue) for clue in clues]
    reasons = "; ".join(_dedupe(_describe(resource, clue) for clue in clues))
    region = _region(resource, cause, clues)
    if outcome.value is None:
        gap = evaluation_gap(clues)
        if gap is not None:
            message = (
                f"{title}: cannot be decided: the gate cannot compute a value ({gap}; {reasons or 'a decisive value'})"
            )
        else:
            message = f"{title}: cannot be decided before apply ({reasons or 'a decisive value is unknown'})"
        message = worded(resource.format, message, unset_parameters([clue.value for clue in clues]))
        result = _result(loaded, resource, ref, Status.UNKNOWN, message, evidence, cause)
        result.gap = gap
    else:
        result = _result(
            loaded, resource, ref, Status.FAILED, f"{title}: {reasons}" if reasons else title, evidence, cause
        )
    result.region = region
    return result


_TOP = re.compile(r"^([^.\[]+)(\[\d+\])?")


def _region(resource: Resource, cause: Resource | None, clues: list[Clue]) -> Location | None:
    """The lines to change: the resource causing the finding (a rule resource, a bucket ACL resource), else
    the first nested block or argument of the resource behind it (``ingress[1]``); None when that is the
    whole resource. Never part of a fingerprint (docs/identity.md)."""
    if cause is not None:
        return cause.location
    found = []
    for clue in clues:
        top = _TOP.match(clue.path) if not clue.absent else None  # what is missing is added to the resource
        if top is None:
            continue
        span = resource.spans.get(top.group(0)) or resource.spans.get(top.group(1))
        if span is not None:
            found.append(span)
    if not found:
        return None
    first = min(found, key=lambda span: span.start_line)
    return None if first == resource.location else first


def evaluation_gap(clues: list[Clue]) -> str | None:
    """What the gate could not compute, when an evaluation gap is among the unknowns behind an unknown outcome."""
    for clue in clues:
        cause = cause_of(clue.value)
        if cause is not None and cause.gap:
            return cause.reason or "a value"
    return None


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def is_sensitive(resource: Resource, path: str) -> bool:
    top = re.split(r"[.\[]", path, maxsplit=1)[0]
    if top in resource.sensitive:
        return True
    name = _snake(path)
    return bool(SENSITIVE_NAME.search(name)) and not NOT_SECRET.search(name)


def _snake(path: str) -> str:
    """``MasterUserPassword`` -> ``master_user_password``, so CloudFormation names are read word by word."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", path).lower()


def _describe(resource: Resource, clue: Clue) -> str:
    # A helper's note may quote the value (a CIDR, a principal): a sensitive attribute is never quoted.
    if not clue.absent and is_sensitive(resource, clue.path):
        return f"{clue.path} = {REDACTED}" if not isinstance(clue.value, Unknown) else clue.describe()
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


def _result(
    loaded: LoadedPolicy,
    resource: Resource,
    ref: ResourceRef,
    status: Status,
    message: str,
    evidence: list[Evidence],
    cause: Resource | None = None,
) -> Result:
    """A scan of thousands of resources makes tens of thousands of results, most of them passed, so they share
    what they can: the resource's ResourceRef and the policy's "passed" message."""
    policy = loaded.policy
    return Result(
        policy_id=policy.id,
        title=policy.title,
        severity=policy.severity,
        family=policy.family.value,
        status=status,
        resource=ref,
        location=resource.location,
        message=message,
        fingerprint=fingerprint(
            policy.id,
            resource.address,
            resource.location.file,
            resource.scope,
            cause.address if cause is not None else "",
        ),
        evidence=evidence,
        module_calls=list(resource.calls),
        root=resource.scope,
        cause=Cause(address=cause.address, type=cause.type, location=cause.location) if cause is not None else None,
    )
