"""``yamldecode``: YAML read as Terraform reads it, with go-cty-yaml's resolver
(https://github.com/zclconf/go-cty-yaml/blob/master/resolve.go; docs:
https://developer.hashicorp.com/terraform/language/functions/yamldecode): YAML 1.1 booleans (``y``, ``yes``,
``on`` are true; ``n``, ``no``, ``off`` false, in the three spellings each), ``~``/``null``/empty null, numbers as
cty parses them (``010`` is ten, ``1_000`` a thousand; ``0x10`` and ``0o10`` stay strings unless tagged
``!!int``), timestamps (``2024-01-01``) as RFC 3339 strings (``"2024-01-01T00:00:00Z"``); exactly one document.
``.inf`` is an infinity, which the gate does not compute: the result is an evaluation gap.

Aliases are expanded (Terraform copies them), with the number of values bounded by ``MAX_ELEMENTS`` so that a
"billion laughs" document stops early. ``yamlencode`` is not computed (its exact layout is go-yaml's): a gap.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import math
import re
from typing import Any

from gate.loaders.functions.base import (
    MAX_ELEMENTS,
    Function,
    FunctionError,
    LimitExceeded,
    parse_number,
    scalar,
    to_str,
)
from gate.values import gap

_TAG = "tag:yaml.org,2002:"
_STR, _BINARY, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP = (
    _TAG + name for name in ("str", "binary", "bool", "int", "float", "null", "timestamp")
)
_PLAIN = "!gate-plain"  # the tag the loader gives an untagged plain scalar
_RESOLVABLE = {_STR, _BINARY, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP}
_INFINITY = object()
_MAP: dict[str, Any] = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"), _INFINITY),
}
_HINTED = frozenset("+-0123456789yYnNtTfFoO~.")
_DATE = r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
_CLOCK = r"([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?"
_STAMPS = (
    re.compile(_DATE + r"[Tt]" + _CLOCK + r"(Z|[+-][0-9]{2}:[0-9]{2})\Z"),
    re.compile(_DATE + r" " + _CLOCK + r"\Z"),
    re.compile(_DATE + r"\Z"),
)


class _Infinite(Exception):
    """A value cty holds as an infinity: the gate does not compute with it."""


def _timestamp(text: str) -> str | None:
    """go-cty-yaml's parseTimestamp, written as Go's time.RFC3339 writes it (fractions of a second dropped)."""
    for pattern in _STAMPS:
        match = pattern.match(text)
        if match is None:
            continue
        numbers = [int(g) for g in match.groups()[:6] if g is not None and g[:1].isdigit()]
        zone = match.group(7) if pattern is _STAMPS[0] else None
        try:
            stamp = datetime.datetime(*(numbers + [0, 0, 0])[:6])  # type: ignore[arg-type]
        except ValueError:
            return None
        suffix = "Z" if zone in (None, "Z", "+00:00", "-00:00") else zone
        return stamp.strftime("%Y-%m-%dT%H:%M:%S") + suffix
    return None


def _number(text: str) -> int | float | None:
    try:
        return parse_number(text)
    except FunctionError:
        return None


def _go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64) or ParseUint: a 0x, 0o, 0b or 0 (octal) prefix, within 64 bits."""
    match = re.fullmatch(r"([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)", text)
    if match is None:
        return None
    sign, digits = match.groups()
    number = int(digits, 8) if len(digits) > 1 and digits[1].isdigit() else int(digits, 0)
    number = -number if sign == "-" else number
    return number if -(2**63) <= number < 2**64 else None


def resolve(tag: str, src: str) -> Any:
    """go-cty-yaml's resolveScalar: the value of a scalar ``src`` with ``tag`` ("" for a plain one)."""
    if tag and tag not in _RESOLVABLE:
        raise FunctionError(f"yamldecode: unsupported tag {tag}")
    hinted = src == "" or src[0] in _HINTED
    if hinted and tag not in (_STR, _BINARY):
        if src in _MAP:
            if _MAP[src] is _INFINITY:
                raise _Infinite
            return _MAP[src]
        if src in (".nan", ".NaN", ".NAN"):
            raise FunctionError("yamldecode: floating point NaN is not supported")
        if src[:1] == ".":
            number = _number(src)
            if number is not None:
                return number
        elif src[:1] not in set("yYnNtTfFoO~"):
            if tag in ("", _TIMESTAMP):
                stamp = _timestamp(src)
                if stamp is not None:
                    return stamp
            number = _number(src.replace("_", ""))
            if number is not None:
                return number
            if src.replace("_", "").startswith(("0b", "-0b")):
                tag = _INT
    if tag in (_STR, _BINARY):
        if tag == _BINARY:
            try:
                base64.b64decode(src.replace("\n", "").replace("\r", ""), validate=True)
            except (binascii.Error, ValueError):
                raise FunctionError(f"yamldecode: cannot parse {src!r} as {tag}: not valid base64") from None
        return src
    if tag == _BOOL:
        if not isinstance(_MAP.get(src), bool):
            raise FunctionError(f"yamldecode: cannot parse {src!r} as {tag}")
        return _MAP[src]
    if tag in (_INT, _FLOAT):
        plain = src.replace("_", "")
        number = _number(plain)
        if number is None:
            number = _go_int(plain)
        if number is None:
            raise FunctionError(f"yamldecode: cannot parse {src!r} as {tag}")
        return number
    if tag == _TIMESTAMP:
        stamp = _timestamp(src)
        if stamp is None:
            raise FunctionError(f"yamldecode: cannot parse {src!r} as {tag}")
        return stamp
    if tag == _NULL:
        return None
    return src


class _Builder:
    def __init__(self) -> None:
        self.count = 0
        self.open: set[int] = set()  # the collections being built: an alias to one of them is a cycle

    def build(self, node: Any) -> Any:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise LimitExceeded(f"yamldecode: more than {MAX_ELEMENTS} values")
        if id(node) in self.open:
            raise FunctionError("yamldecode: an alias refers to a value that contains it")
        self.open.add(id(node))
        try:
            return self.value(node)
        finally:
            self.open.discard(id(node))

    def value(self, node: Any) -> Any:
        import yaml

        if isinstance(node, yaml.ScalarNode):
            return resolve("" if node.tag == _PLAIN else node.tag, node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise FunctionError("yamldecode: merge keys are not supported")
                key = self.build(key_node)
                if isinstance(key, (list, dict)) or key is None:
                    raise FunctionError("yamldecode: a map key must be a string, number or bool")
                name = to_str(key) if not (isinstance(key, float) and not math.isfinite(key)) else str(key)
                result[name] = self.build(value_node)
            return result
        raise FunctionError("yamldecode: unsupported node")


def _yamldecode(text: Any) -> Any:
    import yaml

    class Loader(yaml.SafeLoader):  # a plain scalar without a tag is tagged _PLAIN and read by resolve()
        yaml_implicit_resolvers: dict[Any, Any] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is yaml.ScalarNode and implicit[0]:
                return _PLAIN
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    try:
        nodes = list(yaml.compose_all(to_str(text), Loader=Loader))
    except yaml.YAMLError as exc:
        raise FunctionError(f"yamldecode: {exc}") from None
    if len(nodes) > 1:
        raise FunctionError("yamldecode: the string holds more than one YAML document")
    try:
        return _Builder().build(nodes[0]) if nodes else None
    except _Infinite:
        return gap("yamldecode: an infinite number (.inf), which the gate does not compute")


FUNCTIONS: dict[str, Function] = {
    "yamldecode": scalar(_yamldecode),
}
