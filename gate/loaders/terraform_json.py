"""Terraform's JSON syntax (``.tf.json``) into :mod:`gate.loaders.hcl_ast` blocks, as Terraform reads it.

HCL's JSON specification (https://github.com/hashicorp/hcl/blob/main/json/spec.md) keeps *every* occurrence
of a property name: two ``"resource"`` keys, or two ``"aws_security_group"`` keys at a label level, declare
blocks from both; a label level or a block body may also be an array of objects. Python's ``json`` keeps only
the last occurrence, which would let a file show one block to the gate and another to Terraform, so objects are
read here as ordered lists of pairs, with the line of each. Where a name must be unique (an argument of a
block, a key of an object value), a repeated name is an error naming both lines, as it is for Terraform.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from gate.errors import InputError
from gate.loaders import hcl_ast as ast

# Top-level block types and how many labels each has.
_LABELS = {
    "resource": 2,
    "data": 2,
    "variable": 1,
    "module": 1,
    "output": 1,
    "provider": 1,
    "locals": 0,
    "terraform": 0,
}
# Nested blocks whose meaning the gate needs, in the body of each kind of block (an argument of any other name
# keeps its JSON value): ``dynamic`` blocks generate nested blocks, their ``content`` is what each one holds.
_IN_BLOCK = {"dynamic": 1, "lifecycle": 0}
_NESTED = {"dynamic": {"content": 0}, "content": {"dynamic": 1}, "lifecycle": {}}
_WHITESPACE = re.compile(r"[ \t\n\r]*")
MAX_DEPTH = 200
COMMENT = "//"


class Pairs:
    """A JSON object as written: (name, line, value) for every property, repeated names included."""

    __slots__ = ("pairs", "line", "end_line")

    def __init__(self, line: int) -> None:
        self.pairs: list[tuple[str, int, Any]] = []
        self.line = self.end_line = line

    def __iter__(self) -> Iterator[tuple[str, int, Any]]:
        return iter(self.pairs)

    def append(self, pair: tuple[str, int, Any]) -> None:
        self.pairs.append(pair)


class _Reader:
    """A small JSON reader that keeps repeated names and lines; scalars are read by Python's own scanner."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[attr-defined]

    def line(self, index: int) -> int:
        return bisect_right(self.newlines, index - 1) + 1

    def error(self, index: int, message: str) -> InputError:
        return InputError(self.file, self.line(index), f"invalid JSON: {message}")

    def skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        return match.end() if match else index

    def document(self) -> Any:
        value, end = self.value(self.skip(0), 0)
        if self.skip(end) != len(self.text):
            raise self.error(end, "extra data after the document")
        return value

    def value(self, index: int, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise self.error(index, f"nested deeper than {MAX_DEPTH} levels")
        char = self.text[index : index + 1]
        if char == "{":
            return self.object(index, depth)
        if char == "[":
            return self.array(index, depth)
        try:
            value, end = self.scan(self.text, index)
        except StopIteration:
            raise self.error(index, "a value was expected") from None
        except ValueError as exc:
            raise self.error(index, str(exc)) from None
        return value, end

    def object(self, index: int, depth: int) -> tuple[Pairs, int]:
        pairs = Pairs(self.line(index))
        index = self.skip(index + 1)
        if self.text[index : index + 1] == "}":
            pairs.end_line = self.line(index)
            return pairs, index + 1
        while True:
            if self.text[index : index + 1] != '"':
                raise self.error(index, "a property name in double quotes was expected")
            try:
                name, index = json.decoder.scanstring(self.text, index + 1)  # type: ignore[attr-defined]
            except ValueError as exc:
                raise self.error(index, str(exc)) from None
            line = self.line(index)
            index = self.skip(index)
            if self.text[index : index + 1] != ":":
                raise self.error(index, "':' was expected")
            value, index = self.value(self.skip(index + 1), depth + 1)
            pairs.append((name, line, value))
            index = self.skip(index)
            char = self.text[index : index + 1]
            if char == "}":
                pairs.end_line = self.line(index)
                return pairs, index + 1
            if char != ",":
                raise self.error(index, "',' or '}' was expected")
            index = self.skip(index + 1)

    def array(self, index: int, depth: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        index = self.skip(index + 1)
        if self.text[index : index + 1] == "]":
            return items, index + 1
        while True:
            value, index = self.value(index, depth + 1)
            items.append(value)
            index = self.skip(index)
            char = self.text[index : index + 1]
            if char == "]":
                return items, index + 1
            if char != ",":
                raise self.error(index, "',' or ']' was expected")
            index = self.skip(index + 1)


def read_json(text: str, file: str) -> Any:
    """A JSON document with objects as :class:`Pairs` (every occurrence of every name, with lines)."""
    return _Reader(text, file).document()


def json_body(text: str, file: str) -> ast.Body:
    """The top-level blocks of a ``.tf.json`` file."""
    doc = read_json(text, file)
    if not isinstance(doc, Pairs):
        raise InputError(file, 1, "a Terraform JSON file must hold an object")
    body = ast.Body()
    for kind, line, content in doc:
        depth = _LABELS.get(kind)
        if depth is not None:
            _blocks(body, kind, content, depth, [], file, line)
    return body


def _blocks(body: ast.Body, kind: str, value: Any, depth: int, labels: list[str], file: str, line: int) -> None:
    """Blocks of ``kind`` under ``value``: ``depth`` label levels (each an object or an array of objects), then a
    body (an object, or an array of objects: one block each)."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, Pairs):
            raise InputError(file, line, f"{' '.join([kind, *labels])}: an object was expected")
        if depth == 0:
            inner = _block_body(item, file, _NESTED.get(kind, _IN_BLOCK))
            _literal_arguments(inner, kind, item, file)
            body.blocks.append(ast.Block(kind, labels, inner, item.line, item.end_line))
            continue
        for label, label_line, inner in item:
            _blocks(body, kind, inner, depth - 1, [*labels, label], file, label_line)


def _block_body(pairs: Pairs, file: str, nested: dict[str, int]) -> ast.Body:
    """Arguments, and the nested blocks the gate reads as blocks. A name given more than once is several
    blocks when every occurrence is a block body (an object or objects), and an error otherwise."""
    body = ast.Body()
    seen: dict[str, int] = {}
    grouped: dict[str, list[tuple[int, Any]]] = {}
    for name, line, value in pairs:
        if name == COMMENT:
            continue
        depth = nested.get(name)
        if depth is not None and _all_objects(value):
            _blocks(body, name, value, depth, [], file, line)
            continue
        grouped.setdefault(name, []).append((line, value))
        seen.setdefault(name, line)
    for name, occurrences in grouped.items():
        line = occurrences[0][0]
        if len(occurrences) == 1:
            body.attributes[name] = ast.Attribute(name, json_expr(occurrences[0][1], file, line), line)
        elif all(_all_objects(value) for _, value in occurrences):
            bodies = [v for _, value in occurrences for v in (value if isinstance(value, list) else [value])]
            body.attributes[name] = ast.Attribute(name, ast.TupleX([json_expr(v, file, line) for v in bodies]), line)
        else:
            again = occurrences[1][0]
            raise InputError(file, again, f"argument {name} is given twice (first at line {seen[name]})")
    return body


# Arguments Terraform's JSON syntax does not evaluate as expressions: a variable's default (and description) is
# its JSON value as is, so "${true}" is that string, not the bool; its type is a string holding a type
# expression. https://developer.hashicorp.com/terraform/language/syntax/json#variable-blocks
_LITERAL = {"variable": {"default", "description"}}
_TYPE_EXPRESSION = {"variable": {"type"}}


def _literal_arguments(body: ast.Body, kind: str, pairs: Pairs, file: str) -> None:
    for name, line, value in pairs:
        if name in _LITERAL.get(kind, ()) and name in body.attributes:
            body.attributes[name] = ast.Attribute(name, ast.Lit(plain_json(value)), line)
        elif name in _TYPE_EXPRESSION.get(kind, ()) and isinstance(value, str):
            from gate.loaders.hcl_parse import parse_expression

            body.attributes[name] = ast.Attribute(name, parse_expression(value, file), line)


def plain_json(value: Any) -> Any:
    """A JSON value as Python data (objects as dicts)."""
    if isinstance(value, Pairs):
        return {name: plain_json(v) for name, _, v in value}
    if isinstance(value, list):
        return [plain_json(v) for v in value]
    return value


def _all_objects(value: Any) -> bool:
    return isinstance(value, Pairs) or (isinstance(value, list) and all(isinstance(v, Pairs) for v in value))


def json_expr(value: Any, file: str = "", line: int = 0) -> ast.Expr:
    """A JSON value as an expression: strings are templates (``"${var.x}"``); a key given twice is an error."""
    if isinstance(value, str):
        if "${" not in value and "%{" not in value:
            return ast.Lit(value)
        try:
            from gate.loaders.hcl_parse import parse_template

            return parse_template(value, file)
        except InputError:
            return ast.Opaque("unparsable template in JSON")
    if isinstance(value, Pairs):
        names: dict[str, int] = {}
        for name, key_line, _ in value:
            if name in names:
                raise InputError(file, key_line, f"key {name!r} is given twice (first at line {names[name]})")
            names[name] = key_line
        return ast.ObjectX([(ast.Lit(name), json_expr(v, file, key_line)) for name, key_line, v in value])
    if isinstance(value, list):
        return ast.TupleX([json_expr(v, file, line) for v in value])
    return ast.Lit(value)
