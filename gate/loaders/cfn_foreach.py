"""``Fn::ForEach`` (the ``AWS::LanguageExtensions`` transform), expanded as AWS documents it.

``'Fn::ForEach::Loop': [Identifier, Collection, {OutputKey: OutputValue}]`` stands, in the mapping that holds it,
for one copy of the fragment per item of the collection, in which every ``${Identifier}`` and ``&{Identifier}``
(the item without its non-alphanumeric characters) of keys and values, and every ``Ref: Identifier``, is the item.
Loops nest, and may appear in Resources (resource properties included) and Conditions.
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html)

When the collection is known only at deploy (a parameter without a value, an SSM parameter), what the loop makes
still exists: the fragment is kept once, its keys as written, and the identifier is an unknown value wherever it is
used, so its resources are judged with that unknown, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from gate.loaders.cfn_intrinsics import FOREACH_PREFIX
from gate.loaders.cfn_values import is_call
from gate.values import Unknown, contains_unknown, piece_of, text_unknown, unknown_of
from gate.yamlnodes import LineDict, LineList

# CloudFormation's quota on resources is 500; loops over loops can multiply far past it before that is checked.
MAX_COPIES = 10_000

Resolve = Callable[[Any, int], Any]
Report = Callable[[int, str], None]


class Expander:
    """Expands every loop of a section. ``resolve`` evaluates a collection (parameters are read already);
    ``error`` reports a malformed loop. ``unknown_loops`` names the loops whose collection only the deploy knows;
    ``identifiers`` maps their identifiers to the unknown the resolver must give for ``Ref``/``${}``."""

    def __init__(self, resolve: Resolve, error: Report) -> None:
        self.resolve = resolve
        self.error = error
        self.copies = 0
        self.unknown_loops: list[str] = []
        self.identifiers: dict[str, Unknown] = {}

    def expand(self, value: Any) -> Any:
        """``value`` with every loop in it (at any depth) replaced by what it makes."""
        if isinstance(value, dict) and (not is_call(value) or _is_loop(next(iter(value)))):
            return self._mapping(value)
        if isinstance(value, list):
            items = [self.expand(item) for item in value]
            return value if all(a is b for a, b in zip(items, value, strict=True)) else _like(value, items)
        if isinstance(value, dict):  # a call: its arguments may hold loops too (``!If [c, {Fn::ForEach...}, x]``)
            ((name, argument),) = value.items()
            expanded = self.expand(argument)
            return value if expanded is argument else _like(value, {name: expanded}, _key_lines(value))
        return value  # what holds no loop is returned as is: a template without loops is not copied

    def _mapping(self, mapping: dict[Any, Any]) -> Any:
        key_lines, default = _key_lines(mapping), getattr(mapping, "line", 0) or 0
        if not any(map(_is_loop, mapping)):  # the common case, walked without building a copy
            expanded = {key: self.expand(item) for key, item in mapping.items()}
            if all(expanded[key] is item for key, item in mapping.items()):
                return mapping
            return _like(mapping, expanded, {key: key_lines.get(key) or default for key in mapping})
        out: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key, item in mapping.items():
            line: int = key_lines.get(key) or default
            if _is_loop(key):
                for made_key, made, made_line in self._loop(key, item, line):
                    if made_key in out:
                        self.error(made_line, f"{key} makes the key {made_key!r}, which is already defined")
                        continue
                    out[made_key], lines[made_key] = made, made_line
            else:
                out[key], lines[key] = self.expand(item), line
        if all(key in mapping and out[key] is mapping[key] for key in out) and len(out) == len(mapping):
            return mapping
        return _like(mapping, out, lines)

    def _loop(self, name: str, body: Any, line: int) -> list[tuple[Any, Any, int]]:
        if not (isinstance(body, list) and len(body) == 3 and isinstance(body[0], str) and isinstance(body[2], dict)):
            self.error(line, f"{name} takes [identifier, collection, {{key: value}}]")
            return []
        identifier, collection, fragment = body
        items = self.resolve(collection, line)
        if isinstance(items, Unknown) or (isinstance(items, list) and contains_unknown(items)):
            unknown = unknown_of(items, reason=f"an item of the collection of {name}, known at deploy")
            self.unknown_loops.append(name)
            self.identifiers[identifier] = unknown
            known = [item for item in items if not contains_unknown(item)] if isinstance(items, list) else []
            copies = [_Substitution(identifier, None, unknown)] + [_Substitution(identifier, i, None) for i in known]
        elif isinstance(items, list) and all(isinstance(item, (str, int, float, bool)) for item in items):
            copies = [_Substitution(identifier, item, None) for item in items]
        else:
            self.error(line, f"the collection of {name} must be a list of strings")
            return []
        made: list[tuple[Any, Any, int]] = []
        for substitution in copies:
            self.copies += len(fragment)
            if self.copies > MAX_COPIES:
                self.error(line, f"Fn::ForEach makes more than {MAX_COPIES} copies: too many to check")
                return made
            copy = self.expand(substitution.apply(fragment))
            made.extend((key, value, _key_lines(copy).get(key) or line) for key, value in copy.items())
        return made


class _Substitution:
    """One item of a collection put in place of the identifier: ``item`` when it is known, else ``unknown``."""

    def __init__(self, identifier: str, item: Any, unknown: Unknown | None) -> None:
        self.identifier = identifier
        self.unknown = unknown
        text = _text(item)
        self.values = {"$": text, "&": re.sub(r"[^A-Za-z0-9]", "", text)}
        self.pattern = re.compile(r"([$&])\{" + re.escape(identifier) + r"\}")

    def apply(self, value: Any, in_sub: bool = False) -> Any:
        if isinstance(value, str):
            return self._string(value, in_sub)
        if isinstance(value, list):
            return _like(value, [self.apply(item, in_sub) for item in value])
        if not isinstance(value, dict):
            return value
        if is_call(value):
            ((name, argument),) = value.items()
            if name == "Ref" and argument == self.identifier and self.unknown is None:
                return self.values["$"]
            if name == "Fn::Sub":  # its string (first item) is Fn::Sub text; its variables are ordinary values
                if isinstance(argument, list) and argument:
                    argument = _like(argument, [self.apply(argument[0], True), *[self.apply(a) for a in argument[1:]]])
                else:
                    argument = self.apply(argument, True)
                return _like(value, {name: argument}, _key_lines(value))
        out = {self._key(key): self.apply(item, in_sub) for key, item in value.items()}
        return _like(value, out, {self._key(key): line for key, line in _key_lines(value).items()})

    def _key(self, key: Any) -> Any:
        # an unknown item keeps the key as written ("${Name}Sg"): one entry stands for every copy the loop makes
        return (
            self.pattern.sub(lambda m: self.values[m.group(1)], key)
            if isinstance(key, str) and self.unknown is None
            else key
        )

    def _string(self, text: str, in_sub: bool) -> Any:
        if not self.pattern.search(text):
            return text
        if self.unknown is None:
            return self.pattern.sub(lambda m: self.values[m.group(1)], text)
        if in_sub:  # Fn::Sub reads ${Identifier} itself, as the unknown the resolver is given for it
            return self.pattern.sub("${" + self.identifier + "}", text)
        return text_unknown(self.pattern.sub(piece_of(self.unknown), text), [self.unknown])


def _is_loop(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(FOREACH_PREFIX)


def _text(item: Any) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    return "" if item is None else str(item)


def _key_lines(value: Any) -> dict[Any, int]:
    return getattr(value, "key_lines", {})


def _like(original: Any, value: Any, key_lines: dict[Any, int] | None = None) -> Any:
    """``value`` as a LineDict/LineList that keeps the lines of ``original``."""
    copy: LineDict | LineList = LineDict(value) if isinstance(value, dict) else LineList(value)
    copy.line = getattr(original, "line", 0)
    copy.end_line = getattr(original, "end_line", 0)
    if isinstance(copy, LineDict):
        copy.key_lines = dict(key_lines or {})
    else:
        copy.item_lines = list(getattr(original, "item_lines", []))
    return copy
