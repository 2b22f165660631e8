"""``format`` and ``formatlist``: Go's ``fmt`` verbs as Terraform documents them.

https://developer.hashicorp.com/terraform/language/functions/format: ``%v`` (the default format: a string as is,
a number as Terraform writes it, ``null``, a structure as JSON), ``%#v`` (JSON), ``%t``, ``%b``, ``%d``, ``%o``,
``%x``, ``%X``, ``%e``, ``%E``, ``%f``, ``%g``, ``%G``, ``%s``, ``%q``, ``%%``; flags ``+ - # 0`` and space, a
width, a precision, and an explicit argument index ``%[2]s``. Unused arguments are an error, as in Terraform.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from gate.loaders.functions.base import (
    Function,
    FunctionError,
    check_length,
    is_number,
    to_bool,
    to_int,
    to_list,
    to_number,
    to_str,
    whole,
)
from gate.loaders.functions.jsontext import encode_json

_VERB = re.compile(r"%([-+# 0]*)(?:\[(\d+)\])?(\d+)?(?:\.(\d*))?(.?)", re.DOTALL)
_MAX_WIDTH = 10_000


def format_string(fmt: str, args: tuple[Any, ...]) -> str:
    """``fmt`` with its verbs replaced by ``args``, as Terraform's ``format`` does."""
    out: list[str] = []
    pos = 0
    next_arg = 0
    used: set[int] = set()
    for match in _VERB.finditer(fmt):
        out.append(fmt[pos : match.start()])
        pos = match.end()
        flags, index, width, precision, verb = match.groups()
        if verb == "%" and not (flags or index or width or precision is not None):
            out.append("%")
            continue
        if not verb:
            raise FunctionError("format: a verb is missing at the end of the format string")
        if index is not None:
            next_arg = int(index) - 1
        if not 0 <= next_arg < len(args):
            raise FunctionError(f"format: not enough arguments for %{verb}")
        used.add(next_arg)
        value = args[next_arg]
        next_arg += 1
        if int(width or 0) > _MAX_WIDTH or int(precision or 0) > _MAX_WIDTH:
            raise FunctionError("format: width or precision too large")
        out.append(_one(verb, flags, width, precision, value))
        check_length("".join(out), "format")
    out.append(fmt[pos:])
    if len(used) < len(args):
        raise FunctionError(f"format: too many arguments; only {len(used)} used by the format string")
    return check_length("".join(out), "format")


def _one(verb: str, flags: str, width: str | None, precision: str | None, value: Any) -> str:
    if value is None and verb != "v":
        raise FunctionError(f"format: null value cannot be formatted with %{verb}")
    if verb == "v":
        return _pad(_default(value) if "#" not in flags else encode_json(value), flags, width, precision)
    if verb == "s":
        return _pad(to_str(value), flags, width, precision)
    if verb == "q":
        return _pad(encode_json(to_str(value)), flags, width, None)
    if verb == "t":
        return _pad("true" if to_bool(value) else "false", flags, width, None)
    spec = flags + (width or "")
    if verb in "bdoxX":
        number = to_int(value)
        if verb == "b":
            sign = "-" if number < 0 else "+" if "+" in flags else ""
            return _pad(sign + format(abs(number), "b"), flags, width, None)
        return ("%" + spec + ("." + precision if precision else "") + verb) % number
    real = float(to_number(value))
    if verb in "eEfF":
        return ("%" + spec + "." + (precision or "6") + verb) % real
    if verb in "gG":
        if precision is not None:
            return ("%" + spec + "." + (precision or "0") + verb) % real
        return _pad(_shortest_g(real, verb == "G"), flags, width, None)
    raise FunctionError(f"format: unsupported verb %{verb}")


def _default(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):  # cty's FormatFunc writes a number under %v with big.Float.Text('g', -1)
        return _shortest_g(value, False)
    return encode_json(value)


def _pad(text: str, flags: str, width: str | None, precision: str | None) -> str:
    if precision is not None:
        text = text[: int(precision or 0)]
    size = int(width or 0)
    return text.ljust(size) if "-" in flags else text.rjust(size)


def _shortest_g(number: int | float, upper: bool) -> str:
    """Go's ``%g`` with no precision (``big.Float.Text('g', -1)``): the shortest digits that read back as the
    number, with an exponent when it is below -4 or at least 6 (``1e+06``, ``100000``, ``1.234567e+06``)."""
    if number == 0:
        return "0"
    exact = Decimal(number) if isinstance(number, int) else Decimal(repr(number))
    sign, digits, exponent = exact.as_tuple()
    assert isinstance(exponent, int)
    text = "".join(str(d) for d in digits)
    stripped = text.rstrip("0")  # trailing zeros, exactly (Decimal.normalize would round to 28 digits)
    exponent += len(text) - len(stripped)
    text = stripped
    exp10 = len(text) + exponent - 1
    minus = "-" if sign else ""
    if exp10 < -4 or exp10 >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        e = "E" if upper else "e"
        return f"{minus}{mantissa}{e}{'-' if exp10 < 0 else '+'}{abs(exp10):02d}"
    return minus + format(Decimal((0, tuple(int(d) for d in text), exponent)), "f")


def _format(fmt: Any, *args: Any) -> Any:
    return format_string(to_str(fmt), args)


def _formatlist(fmt: Any, *args: Any) -> Any:
    lengths = {len(to_list(arg)) for arg in args if isinstance(arg, list)}
    if len(lengths) > 1:
        raise FunctionError("formatlist: all list arguments must have the same length")
    count = lengths.pop() if lengths else 1
    rows = [[arg[i] if isinstance(arg, list) else arg for arg in args] for i in range(count)]
    text = to_str(fmt)
    result = [format_string(text, tuple(row)) for row in rows]
    check_length("".join(result), "formatlist")
    return result


FUNCTIONS: dict[str, Function] = {
    "format": whole(_format),
    "formatlist": whole(_formatlist),
}
