"""JSON text as Terraform writes it (``jsonencode``, ``%#v``): keys sorted, no spaces, numbers written in full,
and ``<``, ``>``, ``&``, U+2028 and U+2029 escaped as ``\\u003c``... (Go's encoder does, and the docs say so:
https://developer.hashicorp.com/terraform/language/functions/jsonencode)."""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any

from gate.loaders.functions.base import FunctionError, check_length, is_number, number_text

_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def encode_json(value: Any) -> str:
    """``value`` as Terraform's ``jsonencode`` writes it."""
    out: list[str] = []
    _write(value, out)
    return check_length("".join(out), "jsonencode")


def _write(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif is_number(value):
        out.append(number_text(value))
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        for i, key in enumerate(sorted(value)):
            if i:
                out.append(",")
            out.append(_string(str(key)))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    else:
        raise FunctionError(f"jsonencode: cannot encode a {type(value).__name__}")


def _string(text: str) -> str:
    encoded = encode_basestring(text)  # what json.dumps(text, ensure_ascii=False) returns, without a new encoder
    if any(ch in encoded for ch in _HTML):
        encoded = "".join(_HTML.get(ch, ch) for ch in encoded)
    return encoded
