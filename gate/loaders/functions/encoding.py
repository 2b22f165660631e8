"""Encoding functions: https://developer.hashicorp.com/terraform/language/functions (section "Encoding
Functions"). ``base64gzip`` (Go's compressor writes other bytes than zlib), ``yamlencode`` and ``yamldecode``
are not computed: a call to them is an evaluation gap."""

from __future__ import annotations

import base64
import binascii
import codecs
import json
from typing import Any
from urllib.parse import quote_plus

from gate.loaders.functions.base import Function, FunctionError, check_length, scalar, to_str
from gate.loaders.functions.gocsv import read_records
from gate.loaders.functions.jsontext import encode_json
from gate.values import Unknown, contains_unknown, unknown_of


def _refs(value: Any) -> frozenset[str]:
    if isinstance(value, Unknown):
        return value.refs | _refs(value.partial)
    if isinstance(value, dict):
        return frozenset().union(*(_refs(v) for v in value.values()))
    if isinstance(value, list):
        return frozenset().union(*(_refs(v) for v in value))
    return frozenset()


def _jsonencode(value: Any) -> Any:
    """Keeps the known structure of a partly unknown value (a policy document with an ARN computed at apply
    time) as the unknown's ``partial``, so helpers can still read it."""
    if contains_unknown(value):  # derived from its unknown parts (a gap when one is), the known ones kept
        result = unknown_of(value, reason="jsonencode of a value known only after apply")
        result.partial = value
        return result
    return encode_json(value)


def _no_constant(name: str) -> Any:
    raise FunctionError(f"jsondecode: {name} is not JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """cty's json.ImpliedType rejects an object that names a property twice (Python keeps the last one):
    https://github.com/zclconf/go-cty/blob/main/cty/json/type_implied.go"""
    out: dict[str, Any] = {}
    for key, item in pairs:
        if key in out:
            raise FunctionError(f"jsondecode: duplicate {key!r} property in JSON object")
        out[key] = item
    return out


def _jsondecode(text: Any) -> Any:
    try:
        return json.loads(to_str(text), parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError) as exc:
        raise FunctionError(f"jsondecode: {exc}") from None


def _decode_base64(text: Any) -> bytes:
    try:
        # Go's base64.StdEncoding skips \r and \n anywhere in the text (https://pkg.go.dev/encoding/base64)
        data = to_str(text).replace("\r", "").replace("\n", "")
        return base64.b64decode(data.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise FunctionError("failed to decode base64 data") from None


def _base64decode(text: Any) -> Any:
    try:
        return _decode_base64(text).decode("utf-8")
    except UnicodeDecodeError:
        raise FunctionError("base64decode: the result of decoding the provided string is not valid UTF-8") from None


def _base64encode(text: Any) -> Any:
    return check_length(base64.b64encode(to_str(text).encode("utf-8")).decode("ascii"), "base64encode")


def _codec(name: Any) -> str:
    try:
        return codecs.lookup(to_str(name)).name
    except LookupError:
        raise FunctionError(f"unsupported encoding name {name!r}") from None


def _textencodebase64(text: Any, encoding: Any) -> Any:
    try:
        data = to_str(text).encode(_codec(encoding))
    except UnicodeEncodeError:
        raise FunctionError("textencodebase64: the string cannot be encoded in that encoding") from None
    return check_length(base64.b64encode(data).decode("ascii"), "textencodebase64")


def _textdecodebase64(text: Any, encoding: Any) -> Any:
    try:
        return _decode_base64(text).decode(_codec(encoding))
    except UnicodeDecodeError:
        raise FunctionError("textdecodebase64: the bytes are not valid in that encoding") from None


def _urlencode(text: Any) -> Any:
    """Go's ``url.QueryEscape``: letters, digits and ``-_.~`` kept, a space as ``+``."""
    return check_length(quote_plus(to_str(text), safe=""), "urlencode")


def _csvdecode(text: Any) -> Any:
    """cty's CSVDecodeFunc: Go's CSV reader, the first record names the columns (no header is an error, so is a
    column named twice), every record has as many fields."""
    records = read_records(to_str(text))
    if not records:
        raise FunctionError("csvdecode: missing header line")
    header, body = records[0], records[1:]
    if len(set(header)) != len(header):
        raise FunctionError("csvdecode: duplicate column name")
    out = []
    for row in body:
        if len(row) != len(header):
            raise FunctionError("csvdecode: wrong number of fields in a record")
        out.append(dict(zip(header, row, strict=True)))
    return out


FUNCTIONS: dict[str, Function] = {
    "base64decode": scalar(_base64decode),
    "base64encode": scalar(_base64encode),
    "csvdecode": scalar(_csvdecode),
    "jsondecode": scalar(_jsondecode),
    "jsonencode": _jsonencode,
    "textdecodebase64": scalar(_textdecodebase64),
    "textencodebase64": scalar(_textencodebase64),
    "urlencode": scalar(_urlencode),
}
