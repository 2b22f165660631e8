"""Numeric functions: https://developer.hashicorp.com/terraform/language/functions (section "Numeric
Functions")."""

from __future__ import annotations

import math
from typing import Any

from gate.loaders.functions.base import Function, FunctionError, LimitExceeded, scalar, to_int, to_number, to_str

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MAX_BITS = 65_536  # an integer result larger than this is computed as a float, as Terraform's own precision


def _numbers(args: tuple[Any, ...], name: str) -> list[int | float]:
    if not args:
        raise FunctionError(f"{name}: at least one argument is required")
    return [to_number(a) for a in args]


def _pow(base: Any, exponent: Any) -> Any:
    b, e = to_number(base), to_number(exponent)
    if isinstance(b, int) and isinstance(e, int) and e >= 0:
        if abs(b) <= 1 or e * math.log2(abs(b)) <= _MAX_BITS:
            return b**e
    try:
        result = math.pow(b, e)
    except OverflowError:
        raise LimitExceeded("pow: result too large") from None
    except ValueError:
        raise FunctionError("pow: result is not a real number") from None
    return result


def _log(number: Any, base: Any) -> Any:
    x, b = to_number(number), to_number(base)
    try:
        return math.log(x) / math.log(b)
    except (ValueError, ZeroDivisionError):
        raise FunctionError("log: no finite result") from None


def _parseint(text: Any, base: Any) -> Any:
    """Go's big.Int SetString: digits 0-9, then a-z, then (from base 37) A-Z; no prefixes."""
    radix = to_int(base)
    if not 2 <= radix <= 62:
        raise FunctionError("parseint: base must be a whole number between 2 and 62 inclusive")
    value = to_str(text)
    sign, digits = (-1, value[1:]) if value.startswith("-") else (1, value.removeprefix("+"))
    if not digits:
        raise FunctionError(f"parseint: cannot parse {value!r} as a base {radix} integer")
    if len(digits) > 10_000:  # Terraform parses it: past the gate's bound, never can()'s false
        raise LimitExceeded("parseint: more than 10000 digits")
    result = 0
    for ch in digits:  # only ASCII letters are digits: "\u212a".lower() is "k" in Python, not in Go
        position = _DIGITS.find(ch.lower() if radix <= 36 and ch.isascii() else ch)
        if position < 0 or position >= radix:
            raise FunctionError(f"parseint: cannot parse {value!r} as a base {radix} integer")
        result = result * radix + position
    return sign * result


def _ceil(number: Any) -> Any:
    value = to_number(number)
    return value if isinstance(value, int) else math.ceil(value)


def _floor(number: Any) -> Any:
    value = to_number(number)
    return value if isinstance(value, int) else math.floor(value)


def _signum(number: Any) -> Any:
    value = to_number(number)
    return (value > 0) - (value < 0)


FUNCTIONS: dict[str, Function] = {
    "abs": scalar(lambda n: abs(to_number(n))),
    "ceil": scalar(_ceil),
    "floor": scalar(_floor),
    "log": scalar(_log),
    "max": scalar(lambda *a: max(_numbers(a, "max"))),
    "min": scalar(lambda *a: min(_numbers(a, "min"))),
    "parseint": scalar(_parseint),
    "pow": scalar(_pow),
    "signum": scalar(_signum),
}
