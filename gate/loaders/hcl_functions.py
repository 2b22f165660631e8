"""Terraform's common built-in functions, over known values.

A function whose argument is unknown returns an unknown (carrying the argument's references), except where the
result is still known (``length`` of a list with unknown elements, ``try``, ``coalesce`` past a known value).
Functions the gate does not implement return unknown: never a guess.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import re
from collections.abc import Callable
from typing import Any

from gate.values import Unknown, contains_unknown, unknown_of


class FunctionError(Exception):
    """A function called with arguments Terraform would reject; the caller turns it into an unknown."""


def _jsonencode(value: Any) -> Any:
    if contains_unknown(value):  # derived from its unknown parts (a gap when one is), the known ones kept
        result = unknown_of(value, reason="jsonencode of a value known only after apply")
        result.partial = value
        return result
    return json.dumps(value, separators=(",", ":"), sort_keys=False)


def _refs(value: Any) -> frozenset[str]:
    if isinstance(value, Unknown):
        return value.refs | _refs(value.partial)
    if isinstance(value, dict):
        return frozenset().union(*(_refs(v) for v in value.values())) if value else frozenset()
    if isinstance(value, list):
        return frozenset().union(*(_refs(v) for v in value)) if value else frozenset()
    return frozenset()


def _jsondecode(text: Any) -> Any:
    try:
        return json.loads(_str(text))
    except ValueError as exc:
        raise FunctionError(f"jsondecode: {exc}") from None


def _str(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (str, int, float)):
        return str(value)
    raise FunctionError(f"cannot convert {type(value).__name__} to string")


def _list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    raise FunctionError("expected a list")


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    if isinstance(mapping, dict) and _str(key) in mapping:
        return mapping[_str(key)]
    if default:
        return default[0]
    raise FunctionError(f"lookup: no key {key!r}")


def _merge(*maps: Any) -> Any:
    result: dict[str, Any] = {}
    for m in maps:
        if m is None:
            continue
        if not isinstance(m, dict):
            raise FunctionError("merge takes maps")
        result.update(m)
    return result


def _concat(*lists: Any) -> Any:
    return [item for lst in lists for item in _list(lst)]


def _flatten(value: Any) -> Any:
    out: list[Any] = []
    for item in _list(value):
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _distinct(value: Any) -> Any:
    out: list[Any] = []
    for item in _list(value):
        if item not in out:
            out.append(item)
    return out


def _format(fmt: Any, *args: Any) -> Any:
    values = iter(args)

    def repl(match: re.Match[str]) -> str:
        if match.group(0) == "%%":
            return "%"
        verb = match.group(2)
        value = next(values)
        if verb == "d":
            return ("%" + match.group(1) + "d") % int(value)
        if verb in "fFeEgG":
            return ("%" + match.group(1) + verb) % float(value)
        if verb == "q":
            return json.dumps(_str(value))
        if verb == "t":
            return _str(bool(value))
        if verb in "vs":
            text = _str(value) if not isinstance(value, (dict, list)) else json.dumps(value)
            return ("%" + match.group(1) + "s") % text
        raise FunctionError(f"format verb %{verb}")

    try:
        return re.sub(r"%%|%([-+# 0-9.]*)([a-zA-Z])", repl, _str(fmt))
    except StopIteration:
        raise FunctionError("format: too few arguments") from None


def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> Any:
    network = ipaddress.ip_network(_str(prefix), strict=False)
    subnets = network.subnets(prefixlen_diff=int(newbits))
    for i, subnet in enumerate(subnets):
        if i == int(netnum):
            return str(subnet)
    raise FunctionError("cidrsubnet: netnum out of range")


def _cidrhost(prefix: Any, hostnum: Any) -> Any:
    network = ipaddress.ip_network(_str(prefix), strict=False)
    return str(network.network_address + int(hostnum))


def _element(lst: Any, index: Any) -> Any:
    items = _list(lst)
    if not items:
        raise FunctionError("element of an empty list")
    return items[int(index) % len(items)]


def _coalesce(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return unknown_of(arg)
        if arg is not None and arg != "":
            return arg
    raise FunctionError("coalesce: no non-null argument")


def _one(value: Any) -> Any:
    items = _list(value)
    if len(items) > 1:
        raise FunctionError("one: more than one element")
    return items[0] if items else None


def _tobool(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if value in ("true", "false"):
        return value == "true"
    raise FunctionError("tobool")


def _tonumber(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _str(value)
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


def _replace(text: Any, search: Any, replacement: Any) -> Any:
    s, pattern = _str(text), _str(search)
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        return re.sub(pattern[1:-1], re.sub(r"\$\{?(\d+)\}?", r"\\\1", _str(replacement)), s)
    return s.replace(pattern, _str(replacement))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "lookup": _lookup,
    "merge": _merge,
    "concat": _concat,
    "flatten": _flatten,
    "distinct": _distinct,
    "compact": lambda lst: [x for x in _list(lst) if x not in (None, "")],
    "tolist": lambda v: list(_list(v)),
    "toset": lambda v: _distinct(v),
    "tomap": lambda v: dict(v) if isinstance(v, dict) else _fail("tomap"),
    "tostring": lambda v: None if v is None else _str(v),
    "tonumber": _tonumber,
    "tobool": _tobool,
    "format": _format,
    "formatlist": lambda fmt, *lists: [_format(fmt, *row) for row in zip(*[_list(x) for x in lists], strict=False)],
    "join": lambda sep, *lists: _str(sep).join(_str(x) for lst in lists for x in _list(lst)),
    "split": lambda sep, text: _str(text).split(_str(sep)),
    "lower": lambda s: _str(s).lower(),
    "upper": lambda s: _str(s).upper(),
    "title": lambda s: _str(s).title(),
    "trimspace": lambda s: _str(s).strip(),
    "trim": lambda s, chars: _str(s).strip(_str(chars)),
    "trimprefix": lambda s, p: _str(s).removeprefix(_str(p)),
    "trimsuffix": lambda s, p: _str(s).removesuffix(_str(p)),
    "startswith": lambda s, p: _str(s).startswith(_str(p)),
    "endswith": lambda s, p: _str(s).endswith(_str(p)),
    "strcontains": lambda s, p: _str(p) in _str(s),
    "substr": lambda s, off, n: _str(s)[int(off) :] if int(n) < 0 else _str(s)[int(off) : int(off) + int(n)],
    "replace": _replace,
    "regex": lambda pattern, s: _regex(pattern, s),
    "element": _element,
    "index": lambda lst, v: _list(lst).index(v),
    "length": lambda v: len(v) if isinstance(v, (list, dict, str)) else _fail("length"),
    "keys": lambda m: sorted(m) if isinstance(m, dict) else _fail("keys"),
    "values": lambda m: [m[k] for k in sorted(m)] if isinstance(m, dict) else _fail("values"),
    "contains": lambda lst, v: v in _list(lst),
    "coalesce": _coalesce,
    "coalescelist": lambda *ls: next((x for x in ls if _list(x)), []),
    "zipmap": lambda ks, vs: dict(zip([_str(k) for k in _list(ks)], _list(vs), strict=False)),
    "range": lambda *a: list(range(*[int(x) for x in a])),
    "reverse": lambda lst: list(reversed(_list(lst))),
    "sort": lambda lst: sorted(_str(x) for x in _list(lst)),
    "slice": lambda lst, a, b: _list(lst)[int(a) : int(b)],
    "one": _one,
    "sum": lambda lst: sum(_list(lst)),
    "min": lambda *a: min(a),
    "max": lambda *a: max(a),
    "abs": lambda n: abs(n),
    "ceil": lambda n: math.ceil(n),
    "floor": lambda n: math.floor(n),
    "setunion": lambda *ls: _distinct(_concat(*ls)),
    "setintersection": lambda first, *ls: [x for x in _list(first) if all(x in _list(o) for o in ls)],
    "setsubtract": lambda a, b: [x for x in _list(a) if x not in _list(b)],
    "cidrsubnet": _cidrsubnet,
    "cidrhost": _cidrhost,
    "base64encode": lambda s: base64.b64encode(_str(s).encode()).decode(),
    "base64decode": lambda s: base64.b64decode(_str(s)).decode("utf-8", "replace"),
    "md5": lambda s: hashlib.md5(_str(s).encode()).hexdigest(),
    "sha1": lambda s: hashlib.sha1(_str(s).encode()).hexdigest(),
    "sha256": lambda s: hashlib.sha256(_str(s).encode()).hexdigest(),
    "chomp": lambda s: _str(s).rstrip("\r\n"),
    "nonsensitive": lambda v: v,
    "sensitive": lambda v: v,
}


def _fail(name: str) -> Any:
    raise FunctionError(name)


def _regex(pattern: Any, text: Any) -> Any:
    match = re.search(_str(pattern), _str(text))
    if match is None:
        raise FunctionError("regex: no match")
    if match.groupdict():
        return match.groupdict()
    if match.groups():
        return list(match.groups())
    return match.group(0)

