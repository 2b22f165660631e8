"""What every function module shares: the errors, the limits on work, Terraform's conversions between primitive
types, and how a function meets an unknown argument.

Numbers are Python ints and floats; a number is written as text the way Terraform writes it (``tostring``, string
templates, ``jsonencode``): integers in full (``123456789012``, never ``1.23456789012e+11``), other numbers in
plain decimal notation without an exponent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from gate.values import Unknown, unknown_of, unknowns_in

# Limits on the work an attacker's configuration can ask of a function (see LimitExceeded).
MAX_STRING = 1_000_000  # characters in a string a function or template builds
MAX_ELEMENTS = 100_000  # elements in a collection a function builds (setproduct, chunklist, ...)
MAX_RANGE = 1024  # Terraform's own limit: https://developer.hashicorp.com/terraform/language/functions/range
MAX_PATTERN = 10_000  # characters in a regular expression


class FunctionError(Exception):
    """A call Terraform itself rejects (a wrong argument type, ``regex`` without a match, ``one`` of two
    elements): ``can`` makes it false and ``try`` moves on to its next argument."""


class LimitExceeded(FunctionError):
    """A call Terraform might accept but whose result is larger than the gate computes (a string past
    ``MAX_STRING`` characters, a collection past ``MAX_ELEMENTS`` elements, a regular expression past
    ``MAX_PATTERN`` characters or RE2's memory budget).

    It is not a Terraform error: ``can`` and ``try`` must not swallow it (a ``try`` over a too-large value
    would otherwise pick the attacker's fallback). The caller makes the whole evaluation an error result."""


Function = Callable[..., Any]


def check_length(text: str, name: str) -> str:
    """``text`` itself, or LimitExceeded when it is longer than MAX_STRING."""
    if len(text) > MAX_STRING:
        raise LimitExceeded(f"{name}: result longer than {MAX_STRING} characters")
    return text


def check_projected(length: int, name: str) -> None:
    """LimitExceeded before building a string of ``length`` characters past MAX_STRING."""
    if length > MAX_STRING:
        raise LimitExceeded(f"{name}: result longer than {MAX_STRING} characters")


def check_size(items: list[Any], name: str) -> list[Any]:
    """``items`` itself, or LimitExceeded when it holds more than MAX_ELEMENTS elements."""
    if len(items) > MAX_ELEMENTS:
        raise LimitExceeded(f"{name}: result has more than {MAX_ELEMENTS} elements")
    return items


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_text(value: int | float) -> str:
    """A number as Terraform writes it: ``1``, ``1.5``, ``123456789012``, ``0.0000001`` (never an exponent)."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        raise FunctionError("a number that is not finite")
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def to_str(value: Any) -> str:
    """Terraform's conversion of a primitive to a string; null and structures are rejected."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_text(value)
    if value is None:
        raise FunctionError("a null value where a string is required")
    raise FunctionError(f"a {type_name(value)} where a string is required")


def to_number(value: Any) -> int | float:
    """Terraform's conversion to a number: numbers, and strings written as numbers."""
    if is_number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        return parse_number(value)
    raise FunctionError(f"a {type_name(value)} where a number is required")


# Go's big.Float.Parse(s, 10), which cty's string-to-number conversion calls: ASCII digits only, no spaces, no
# underscores, no base prefix; an exponent "e" (times 10^n) or "p" (times 2^n). https://pkg.go.dev/math/big#Float.Parse
_GO_DECIMAL = re.compile(r"([+-]?)([0-9]+\.?[0-9]*|\.[0-9]+)(?:([eEpP])([+-]?[0-9]+))?")


def parse_number(text: str) -> int | float:
    """A string converted to a number as Terraform converts it (``tonumber``, arithmetic on strings)."""
    match = _GO_DECIMAL.fullmatch(text)
    if match is None:
        if text.lstrip("+-") in ("Inf", "inf") and len(text) - len(text.lstrip("+-")) <= 1:
            raise _not_computed(text)  # Go reads "Inf" as an infinity, which the gate does not compute with
        raise FunctionError(f"cannot convert {text!r} to a number")
    sign, mantissa, marker, exponent = match.groups()
    try:
        if marker is None and "." not in mantissa:
            return int(sign + mantissa)
        number = Decimal(sign + mantissa)
        if marker in ("e", "E"):
            number = number.scaleb(int(exponent))
        elif marker is not None:
            number = number * (Decimal(2) ** int(exponent))
        result = float(number)
    except (ArithmeticError, ValueError, OverflowError):
        raise FunctionError(f"cannot convert {text!r} to a number") from None
    if math.isinf(result):  # a number past a float's range: Terraform's 512-bit numbers hold it, the gate does not
        raise _not_computed(text)
    return int(result) if result.is_integer() and abs(result) < 2**53 and marker is not None else result


def _not_computed(text: str) -> LimitExceeded:
    """A string Terraform reads as a number the gate cannot hold: never ``can``'s false, an evaluation error."""
    return LimitExceeded(f"the number {text[:40]!r} is beyond what the gate computes")


def to_int(value: Any, what: str = "an integer") -> int:
    number = to_number(value)
    if isinstance(number, float):
        if not number.is_integer():
            raise FunctionError(f"{number_text(number)} is not {what}")
        return int(number)
    return number


def to_bool(value: Any) -> bool:
    """Terraform's conversion to a bool: bools, and the strings ``"true"``/``"1"`` and ``"false"``/``"0"`` (cty's
    primitive conversion: https://github.com/zclconf/go-cty/blob/main/cty/convert/conversion_primitive.go)."""
    if isinstance(value, bool):
        return value
    if value in ("true", "1", "false", "0"):
        return bool(value in ("true", "1"))
    raise FunctionError(f"cannot convert {value!r} to a bool")


def to_list(value: Any) -> list[Any]:
    """A list, set or tuple (all Python lists here)."""
    if isinstance(value, list):
        return value
    raise FunctionError(f"a {type_name(value)} where a list is required")


def to_map(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise FunctionError(f"a {type_name(value)} where a map is required")


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "map"
    return type(value).__name__


def _named(call: Function, fn: Function) -> Function:
    """``call`` named and documented as ``fn``, with ``fn``'s signature (``__wrapped__``): the evaluator reads it
    to tell a call with the wrong number of arguments (Terraform's error) from a failure of the gate."""
    call.__name__ = call.__qualname__ = getattr(fn, "__name__", "function")
    call.__doc__ = fn.__doc__
    call.__wrapped__ = fn  # type: ignore[attr-defined]
    return call


def whole(fn: Function) -> Function:
    """For a function that needs its arguments wholly known: an unknown anywhere in them makes it unknown."""

    def call(*args: Any) -> Any:
        unknowns = [u for arg in args for u in unknowns_in(arg)]
        if unknowns:
            return unknown_of(*unknowns)
        return fn(*args)

    return _named(call, fn)


def scalar(fn: Function) -> Function:
    """For a function whose parameters are all strings, numbers or bools: a list or map argument is Terraform's
    type error even when its elements are unknown (``try(jsondecode(var.list), var.list)`` takes the list);
    otherwise as :func:`whole`."""
    known = whole(fn)

    def call(*args: Any) -> Any:
        for arg in args:
            if isinstance(arg, (list, dict)):
                raise FunctionError(f"a {type_name(arg)} where a string, number or bool is required")
        return known(*args)

    return _named(call, fn)


def shallow(fn: Function) -> Function:
    """For a function that moves elements without reading them (``length``, ``concat``, ``lookup``): only an
    unknown argument itself makes it unknown; unknown elements pass through."""

    def call(*args: Any) -> Any:
        unknowns = [arg for arg in args if isinstance(arg, Unknown)]
        if unknowns:
            return unknown_of(*unknowns)
        return fn(*args)

    return _named(call, fn)
