"""Values that can take only a few known values: a CloudFormation parameter without a value whose
``AllowedValues`` lists them (CloudFormation rejects any other value at deploy). Rather than "unknown until
deploy", the resource is judged once for each value it can take: it fails when some allowed value fails (the
template lets the deployer choose the misconfiguration), passes when every one passes, and stays unknown
otherwise."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable
from typing import Any

from gate.engine.outcome import Outcome
from gate.model import Resource
from gate.values import Unknown, unknowns_in

MAX_VARIANTS = 64  # combinations judged for one resource; more is judged as unknown, never guessed


def variants(resource: Resource) -> list[Resource] | None:
    """The resource once for each combination of its values with known options, or None (none, or too many)."""
    found = {id(u): u for u in unknowns_in(resource.attributes) if u.options}
    if not found or math.prod(len(u.options or ()) for u in found.values()) > MAX_VARIANTS:
        return None
    return [
        dataclasses.replace(resource, attributes=_chosen(resource.attributes, dict(zip(found, combo, strict=True))))
        for combo in itertools.product(*(u.options or () for u in found.values()))
    ]


def judge(resource: Resource, evaluate: Callable[[Resource], Outcome]) -> Outcome:
    """``evaluate`` of the resource; when that is unknown and the resource holds values with options, the
    outcome over every value they allow."""
    outcome = evaluate(resource)
    chosen = variants(resource) if outcome.value is None else None
    if chosen is None:
        return outcome
    outcomes = [evaluate(variant) for variant in chosen]
    failed = next((o for o in outcomes if o.value is False), None)
    if failed is not None:
        return failed
    return outcomes[0] if all(o.value is True for o in outcomes) else outcome


def _chosen(value: Any, chosen: dict[int, Any]) -> Any:
    if isinstance(value, Unknown):
        return chosen.get(id(value), value)
    if isinstance(value, dict):
        return {k: _chosen(v, chosen) for k, v in value.items()}
    if isinstance(value, list):
        return [_chosen(v, chosen) for v in value]
    return value
