"""Type conversion functions, and Terraform's unification and ordering of sets.

https://developer.hashicorp.com/terraform/language/functions/toset: a set holds each value once, its elements
converted to one type (``toset(["a", "b", 3])`` is ``["3", "a", "b"]``), and it is ordered as Terraform's type
system (cty) orders sets: strings lexically (by their UTF-8 bytes, which is Python's order of code points), numbers
numerically, ``false`` before ``true``. Sets of structures have no defined order in Terraform; they keep the order
of first occurrence here.
"""

from __future__ import annotations

from typing import Any

from gate.loaders.functions.base import (
    Function,
    FunctionError,
    is_number,
    scalar,
    shallow,
    to_bool,
    to_list,
    to_number,
    to_str,
    type_name,
    whole,
)
from gate.values import Unknown


def unify(items: list[Any]) -> list[Any]:
    """The elements of a tuple converted to one element type, as ``tolist`` and ``toset`` convert them: strings
    mixed with numbers or bools become strings; numbers mixed with bools cannot be unified."""
    kinds = {type_name(item) for item in items if item is not None and not isinstance(item, Unknown)}
    if len(kinds) <= 1 or not kinds <= {"string", "number", "bool"}:
        return items
    if "string" in kinds:
        return [item if item is None or isinstance(item, Unknown) else to_str(item) for item in items]
    raise FunctionError("cannot convert a mix of numbers and bools to one type")


def _set_key(item: Any) -> Any:
    if isinstance(item, bool):
        return (0, item)
    if is_number(item):
        return (1, item)
    return (2, item)


class TerraformSet(list):  # type: ignore[type-arg]
    """A Terraform set: a list in Terraform's order of sets, marked as a set because iterating one differs
    from iterating a list: a set's elements have no index, so the key of each element is the element itself
    (``each.key == each.value`` in a ``dynamic`` block, ``k == v`` in ``for k, v in toset(...)``).
    https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks"""


def as_set(items: list[Any]) -> list[Any]:
    """``items`` as a Terraform set: converted to one type, each value once, in Terraform's order."""
    distinct: list[Any] = []
    unknown: list[Any] = []  # elements known only after apply: each may equal another, so they stay apart
    for item in unify(list(items)):
        if item is None:
            raise FunctionError("a set cannot hold null")
        if isinstance(item, Unknown):
            unknown.append(item)
        elif item not in distinct:
            distinct.append(item)
    if all(isinstance(item, (str, bool)) or is_number(item) for item in distinct):
        distinct = sorted(distinct, key=_set_key)
    return TerraformSet(distinct + unknown)


def tobool(value: Any) -> Any:
    return None if value is None else to_bool(value)


def tonumber(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        raise FunctionError("cannot convert a bool to a number")
    return to_number(value)


def tostring(value: Any) -> Any:
    return None if value is None else to_str(value)


def tolist(value: Any) -> Any:
    return unify(list(to_list(value)))


def toset(value: Any) -> Any:
    return as_set(to_list(value))


def tomap(value: Any) -> Any:
    if not isinstance(value, dict):
        raise FunctionError(f"cannot convert a {type_name(value)} to a map")
    return dict(zip(value, unify(list(value.values())), strict=True))


def _identity(value: Any) -> Any:
    return value


FUNCTIONS: dict[str, Function] = {
    "tobool": scalar(tobool),
    "tonumber": scalar(tonumber),
    "tostring": scalar(tostring),
    "tolist": whole(tolist),
    "toset": shallow(toset),  # an element known only after apply stays an element (cty sets hold unknowns)
    "tomap": shallow(tomap),
    "sensitive": _identity,
    "nonsensitive": _identity,
    "ephemeralasnull": _identity,
}
