"""HCL's operators, with the conversions HCL's specification gives them.

https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#operations and
https://developer.hashicorp.com/terraform/language/expressions/operators:

- ``==`` and ``!=`` take operands of any type and never convert them: values of different types are not equal
  (``true == 1``, ``"1" == 1`` and ``"true" == true`` are all false, HCL's spec suite checks it).
- ``&&``, ``||`` and ``!`` take bools; the strings ``"true"`` and ``"false"`` convert to bools, anything else is
  an error (``true && "false"`` is false, ``true && 1`` is rejected).
- Arithmetic and ``<``, ``>``, ``<=``, ``>=`` take numbers; a string written as a number converts
  (``"5" + 1`` is 6), a bool does not.
- The condition of ``? :``, of ``%{if}`` and of a ``for`` expression's ``if`` clause is a bool, converted the
  same way.

``%`` is cty's: the remainder of a division truncated toward zero, so its sign is the dividend's (``-7 % 3`` is
-1 in Terraform, 2 in Python).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from gate.loaders.functions.base import FunctionError, is_number, to_bool, to_number
from gate.values import Unknown, unknown_of


class OperandError(Exception):
    """An operand Terraform rejects (the evaluator turns it into an evaluation gap)."""


def as_bool(value: Any, what: str) -> bool:
    """``value`` converted to a bool as HCL converts an operand or a condition."""
    try:
        return to_bool(value)
    except FunctionError:
        raise OperandError(f"{what} needs a bool, not {_kind(value)}") from None


def as_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise OperandError("arithmetic on a bool")
    try:
        return to_number(value)
    except FunctionError:
        raise OperandError(f"arithmetic on {_kind(value)}") from None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a bool"
    if is_number(value):
        return "a number"
    if isinstance(value, str):
        return f"the string {value!r}"
    return "a collection"


def _modulo(left: int | float, right: int | float) -> int | float:
    if right == 0:
        raise ZeroDivisionError("modulo by zero")
    if isinstance(left, int) and isinstance(right, int):
        remainder = abs(left) % abs(right)
        return -remainder if left < 0 else remainder
    quotient = int(left / right)  # truncated toward zero
    return left - right * quotient


ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "%": _modulo,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def equal(left: Any, right: Any) -> Any:
    """HCL's ``==``: True, False, or an Unknown when an unknown part decides it. Values of different types
    are unequal; collections are equal when they have the same elements (or attributes), pairwise equal."""
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        if _never_empty(left, right) or _never_empty(right, left):
            return False
        return unknown_of(left, right)
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if is_number(left) or is_number(right):
        return is_number(left) and is_number(right) and left == right
    if isinstance(left, str) or isinstance(right, str):
        return isinstance(left, str) and isinstance(right, str) and left == right
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return False
        return _all_equal(zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        if set(left) != set(right):
            return False
        return _all_equal((left[key], right[key]) for key in left)
    return False


def _never_empty(value: Any, other: Any) -> bool:
    """``value`` is a concrete unknown (an identifier used as is, the partition, the deploying account: one object,
    never an empty string nor null, docs/values.md) and ``other`` is the empty string or null, so ``==`` is false:
    ``data.aws_elb_service_account.main.id != ""`` is true."""
    return isinstance(value, Unknown) and value.concrete and (other is None or (isinstance(other, str) and other == ""))


def _all_equal(pairs: Any) -> Any:
    unknown: list[Any] = []
    for a, b in pairs:
        result = equal(a, b)
        if isinstance(result, Unknown):
            unknown.append(result)
        elif not result:
            return False  # one known difference decides, whatever the unknown parts are
    return unknown_of(*unknown) if unknown else True


def logical(op: str, left: Any, right: Any) -> Any:
    """``&&`` or ``||`` of two evaluated operands (either may be unknown): a known operand that decides the
    result decides it (``false && unknown`` is false), as cty's And and Or do."""
    decisive = op == "||"
    values = [v if isinstance(v, Unknown) else as_bool(v, op) for v in (left, right)]
    if any(v is decisive for v in values):
        return decisive
    unknown = [v for v in values if isinstance(v, Unknown)]
    return unknown_of(*unknown) if unknown else not decisive
