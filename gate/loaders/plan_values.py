"""Whether a plan's values are the values of the HCL beside it (docs/security.md, "Plan files").

Declaring what the folder declares (gate.loaders.plan_match) does not make a plan the plan of the folder's
code: a plan made before the pull request edited a value declares the same resources with the old values, and
a hand-written one copies the declarations. So a plan stands for its folder only at the deploy stage, when the
pipeline names it, and only when every value the folder's HCL knows is the value the plan will apply. Where the
HCL does not know a value (an unset variable, an attribute computed at apply) the plan decides; where the two
cannot be compared for sure, they disagree, and both are judged.

The plan's values are ``terraform show -json``'s ``planned_values`` / ``resource_changes[].change.after``
(https://developer.hashicorp.com/terraform/internals/json-format#values-representation): nested blocks are
lists of objects (a set of blocks in any order), attributes keep the types of the provider's schema (the HCL's
``"22"`` is the plan's ``22``), and empty collections may be ``null``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from gate.model import FORMAT_TERRAFORM, Resource, strip_instance_keys
from gate.values import Unknown

_DEPTH = 32  # deeper than any resource schema; past it the values are not compared (they disagree)


def disagreement(
    planned: Iterable[Resource], declared: Iterable[Resource], writes: dict[str, dict[str, Any]] | None
) -> str | None:
    """None when every managed resource of the HCL (``declared``) is in the plan with every value the HCL knows,
    and the HCL writes every argument and block the plan's code wrote (``writes``: its configuration's
    ``expressions`` by base address; one the HCL no longer writes has the provider's default now, not the plan's
    value). Else where they first differ: an address and attribute path, never the values (they may be sensitive).
    """
    if writes is None:
        return "the plan has no configuration"
    in_plan = {r.address: r for r in planned if r.mode == "managed"}
    for resource in declared:
        if resource.mode != "managed" or resource.format != FORMAT_TERRAFORM:
            continue
        plan = in_plan.get(resource.address)
        if plan is None:
            return f"the plan has no {resource.address}"
        where = _differs(
            resource.attributes, plan.attributes, resource.address, 0, writes.get(strip_instance_keys(resource.address))
        )
        if where is not None:
            return where
    return None


def _differs(hcl: Any, plan: Any, path: str, depth: int, written: Any = None) -> str | None:
    """Where ``plan`` is not the value ``hcl`` sets, or None when it is (or the HCL does not know it).
    ``written`` is the plan configuration's expression of this value, when known."""
    if isinstance(hcl, Unknown) or _empty(hcl) and _empty(plan):
        return None
    if depth > _DEPTH or isinstance(plan, Unknown) or plan is None:
        return path
    if isinstance(hcl, dict) and isinstance(plan, list) and len(plan) == 1:  # a single block, as a plan lists it
        plan = plan[0]
    if isinstance(hcl, list) and len(hcl) == 1 and isinstance(plan, dict):
        hcl = hcl[0]
    if isinstance(hcl, dict):
        return _dict_differs(hcl, plan, path, depth, written)
    if isinstance(hcl, list):
        return None if isinstance(plan, list) and _same_elements(hcl, plan, depth, written) else path
    if isinstance(plan, (dict, list)):
        return path
    return None if _same_scalar(hcl, plan, depth) else path


def _dict_differs(hcl: dict[str, Any], plan: Any, path: str, depth: int, written: Any) -> str | None:
    """A block, or an object value. The plan may hold more than the HCL writes only where it is the provider's
    default: a name of a block that the plan's code did not write either (an object value holds nothing more)."""
    if not isinstance(plan, dict):
        return path
    inner = _block_expressions(written)
    for key in sorted(set(hcl) | set(plan)):
        if key not in hcl:
            if _empty(plan[key]) or inner is not None and key not in inner:
                continue
            return f"{path}.{key}"
        where = _differs(hcl[key], plan.get(key), f"{path}.{key}", depth + 1, None if inner is None else inner.get(key))
        if where is not None:
            return where
    return None


def _block_expressions(written: Any) -> dict[str, Any] | None:
    """The nested expressions of a block as a plan's configuration writes them (an object, or a list of one per
    block: then what any of them writes), or None for an argument's expression or when unknown."""
    if isinstance(written, dict) and "constant_value" in written:  # blocks as attributes: unset names are null
        value = written["constant_value"]
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, dict) for item in items):
            return None
        written = [{k: {"constant_value": v} for k, v in item.items() if v is not None} for item in items]
    blocks = written if isinstance(written, list) else [written]
    if not blocks or not all(isinstance(b, dict) and not {"constant_value", "references"} & set(b) for b in blocks):
        return None
    merged: dict[str, Any] = {}
    for block in blocks:
        for key, value in block.items():
            merged.setdefault(key, []).append(value)
    return {key: values[0] if len(values) == 1 else _flatten(values) for key, values in merged.items()}


def _flatten(values: list[Any]) -> Any:
    """The expressions of one name in several blocks: blocks again when each is a block, else unknown."""
    blocks = [b for v in values for b in (v if isinstance(v, list) else [v])]
    return blocks if _block_expressions(blocks) is not None else None


def _same_elements(hcl: list[Any], plan: list[Any], depth: int, written: Any) -> bool:
    """Each element of the HCL's list is a distinct element of the plan's, in any order (sets of blocks and of
    values have the provider's order in a plan), and the plan has no other."""
    if len(hcl) != len(plan):
        return False
    left = list(plan)
    for element in hcl:
        match = next(
            (i for i, other in enumerate(left) if _differs(element, other, "", depth + 1, written) is None), None
        )
        if match is None:
            return False
        del left[match]
    return True


def _same_scalar(hcl: Any, plan: Any, depth: int) -> bool:
    if type(hcl) is type(plan) and hcl == plan:
        return True
    if isinstance(hcl, bool) or isinstance(plan, bool):  # HCL converts "true" to a bool attribute's true
        return _text(hcl) == _text(plan)
    if isinstance(hcl, (int, float)) or isinstance(plan, (int, float)):
        try:
            return float(hcl) == float(plan)
        except (TypeError, ValueError):
            return False
    if isinstance(hcl, str) and isinstance(plan, str):  # a JSON document (jsonencode, a policy) the provider normalises
        parsed = _json(hcl), _json(plan)
        return None not in parsed and _differs(parsed[0], parsed[1], "", depth + 1) is None
    return False


def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _json(text: str) -> Any:
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, (dict, list)) else None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (list, dict, str)) and not value)
