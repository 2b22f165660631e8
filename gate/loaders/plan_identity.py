"""Relations of a plan proven by the HCL it was made from.

``terraform show -json`` keeps the references of an expression, not the expression
(https://developer.hashicorp.com/terraform/internals/json-format#expression-representation): in a plan,
``bucket = aws_s3_bucket.b.id`` and ``bucket = coalesce("legacy", aws_s3_bucket.b.id)`` look alike, and an
attribute computed at apply is only ``computed``. So a plan alone relates no resource to another by reference
(``gate.engine.as_is``). The HCL of the folder the plan was made from can: where its attribute is the identifier
of the very resources the plan's expression refers to, used as is, the plan's value is that identifier.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gate.model import Resource, strip_instance_keys
from gate.values import Origin, Unknown


def prove_identifiers(planned: Iterable[Resource], declared: Iterable[Resource]) -> None:
    """Make each computed top-level attribute of ``planned`` (a plan's resources) that the HCL of ``declared``
    (the folder it was made from) writes as an identifier used as is, naming exactly the resources the plan's
    configuration says the expression refers to, that identifier."""
    written = {resource.address: resource for resource in declared if resource.mode == "managed"}
    for resource in planned:
        source = written.get(resource.address)
        if source is None or source.type != resource.type:
            continue
        for name, targets in resource.references.items():
            proven = _proven(resource.attributes.get(name), source.attributes.get(name), targets)
            if proven is not None:
                resource.attributes[name] = proven


def _proven(value: Any, source: Any, targets: frozenset[str]) -> Any:
    """``value`` with its computed parts replaced by the identifiers ``source`` holds in their place; None when
    ``source`` does not prove it (another shape, a value derived from a reference, other references)."""
    pairs = list(zip(value, source, strict=True)) if _same_length_lists(value, source) else [(value, source)]
    named: set[str] = set()
    result: list[Any] = []
    for planned, written in pairs:
        if isinstance(planned, Unknown) and planned.origin is Origin.COMPUTED:
            if not (isinstance(written, Unknown) and written.origin is Origin.IDENTIFIER and written.refs):
                return None
            named.update(written.refs)
            result.append(Unknown(written.refs, written.partial, planned.reason, Origin.IDENTIFIER))
        elif isinstance(planned, Unknown) or planned != written:
            return None
        else:
            result.append(planned)
    if not named or {strip_instance_keys(ref) for ref in named} != {strip_instance_keys(t) for t in targets}:
        return None
    return result if isinstance(value, list) else result[0]


def _same_length_lists(value: Any, source: Any) -> bool:
    return isinstance(value, list) and isinstance(source, list) and len(value) == len(source)
