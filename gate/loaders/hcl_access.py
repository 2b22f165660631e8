"""What HCL does with values, apart from evaluating expressions: indexing a collection, iterating over one,
converting a map key, and the error Terraform gives when it cannot
(https://developer.hashicorp.com/terraform/language/expressions/types#indices-and-attributes)."""

from __future__ import annotations

from typing import Any

from gate.loaders.functions.base import to_str
from gate.loaders.functions.conversion import TerraformSet
from gate.loaders.hcl_functions import FunctionError


class EvalError(Exception):
    """An expression Terraform would reject, or one the gate cannot compute; becomes an evaluation gap (or a
    false ``can``)."""


def iteration_pairs(collection: Any, what: str) -> list[tuple[Any, Any]]:
    """The (key, value) pairs Terraform iterates over in ``for``, ``%{for}`` and ``dynamic`` blocks: a map's
    elements in the lexical order of its keys, a list's or tuple's with their index, a set's with the element
    itself as key (a set has no index: https://developer.hashicorp.com/terraform/language/expressions/for,
    https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks). Anything else is an error."""
    if isinstance(collection, dict):
        return sorted(collection.items(), key=lambda item: str(item[0]))
    if isinstance(collection, TerraformSet):
        return [(value, value) for value in collection]
    if isinstance(collection, list):
        return list(enumerate(collection))
    raise EvalError(f"{what} over a value that is not a collection")


def index(value: Any, key: Any) -> Any:
    if isinstance(value, dict):
        name = map_key(key)
        if name in value:
            return value[name]
        raise EvalError(f"no attribute or key {key!r}")
    if isinstance(value, list):
        # A negative or fractional index is an error, never an element counted from the end:
        # https://developer.hashicorp.com/terraform/language/expressions/types#indices-and-attributes
        index = whole_number(key)
        if index is None or not 0 <= index < len(value):
            raise EvalError(f"no element {key!r}")
        return value[index]
    raise EvalError(f"cannot index {type(value).__name__} with {key!r}")


def map_key(key: Any) -> str:
    """A value used as a map key, converted to a string as Terraform converts it (``true`` is "true", ``1.0`` is
    "1"); null or a structure is Terraform's error."""
    try:
        return to_str(key)
    except FunctionError as exc:
        raise EvalError(f"a map key: {exc}") from None


def whole_number(key: Any) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, float):
        return int(key) if key.is_integer() else None
    if isinstance(key, int):
        return key
    try:
        return int(str(key))
    except ValueError:
        return None
