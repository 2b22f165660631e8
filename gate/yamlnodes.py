"""YAML (and JSON) into plain Python values that remember their lines.

PyYAML's C composer gives nodes with marks; this module turns them into ``LineDict``/``LineList`` (a dict and a
list that know their first and last line and the line of each key) without mixing any magic keys into the data.
It also refuses what a hostile file could use against the gate: duplicate keys, alias bombs and deep nesting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from gate.errors import InputError

try:  # libyaml is 5 to 8 times faster and still gives node marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only on builds of PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 2_000_000
MAX_DEPTH = 400

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_constructor = yaml.constructor.SafeConstructor()
_SCALARS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
}

# Called for a node with a tag YAML does not define (``!Ref``): (tag, value already converted, node) -> value.
TagHandler = Callable[[str, Any, yaml.Node], Any]


class LineDict(dict[Any, Any]):
    """A mapping that knows where it stands in its file (1-based lines)."""

    line: int = 0
    end_line: int = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence that knows where it stands in its file (1-based lines), and where each item starts."""

    line: int = 0
    end_line: int = 0
    item_lines: list[int]


def _end_line(node: yaml.Node) -> int:
    """The last line a node's own text is on. A block collection's end mark sits at the next token (the next
    key, possibly lines further down), so its end is that of its last child instead."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    start, end = node.start_mark, node.end_mark
    if end.column == 0 and end.line > start.line:
        return int(end.line)
    return int(end.line) + 1


class _Converter:
    def __init__(self, file: str, on_tag: TagHandler | None) -> None:
        self.file = file
        self.on_tag = on_tag
        self.count = 0

    def error(self, node: yaml.Node, message: str) -> InputError:
        return InputError(self.file, node.start_mark.line + 1, message, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(node, f"document expands to more than {MAX_NODES} nodes (an alias bomb?)")
        if depth > MAX_DEPTH:
            raise self.error(node, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            value: Any = self.mapping(node, depth)
        elif isinstance(node, yaml.SequenceNode):
            value = LineList(self.convert(item, depth + 1) for item in node.value)
            value.line, value.end_line = node.start_mark.line + 1, _end_line(node)
            value.item_lines = [item.start_mark.line + 1 for item in node.value]
        else:
            value = self.scalar(node)  # type: ignore[arg-type]  # a ScalarNode here
        tag = node.tag
        if tag.startswith("!") and self.on_tag is not None:
            return self.on_tag(tag, value, node)
        return value

    def scalar(self, node: yaml.ScalarNode) -> Any:
        construct = _SCALARS.get(node.tag)
        if construct is None:  # str, timestamps (``2010-09-09`` stays a string), binary, custom tags
            return node.value
        try:
            return construct(node)
        except (ValueError, yaml.YAMLError):
            return node.value

    def mapping(self, node: yaml.MappingNode, depth: int) -> LineDict:
        result = LineDict()
        result.line, result.end_line = node.start_mark.line + 1, _end_line(node)
        result.key_lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged = self.convert(value_node, depth + 1)
                for source in merged if isinstance(merged, list) else [merged]:
                    if isinstance(source, dict):
                        for k, v in source.items():
                            result.setdefault(k, v)
                continue
            key = self.convert(key_node, depth + 1)
            if isinstance(key, (dict, list)):
                raise self.error(key_node, "a mapping key must be a scalar")
            if key in result and key in result.key_lines:
                first = result.key_lines[key]
                raise self.error(key_node, f"duplicate key {key!r} (first defined on line {first})")
            result[key] = self.convert(value_node, depth + 1)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result


def load(text: str, file: str, on_tag: TagHandler | None = None) -> Any:
    """Parse one YAML or JSON document into LineDict/LineList values; errors name ``file`` and the line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise InputError(file, None, message) from exc
        raise InputError(file, mark.line + 1, message, mark.column + 1) from exc
    except yaml.YAMLError as exc:
        raise InputError(file, None, str(exc).splitlines()[0]) from exc
    except RecursionError as exc:
        raise InputError(file, None, "nesting too deep to read") from exc
    if node is None:
        return None
    try:
        return _Converter(file, on_tag).convert(node)
    except RecursionError as exc:
        raise InputError(file, None, "nesting too deep to read") from exc


def line_of(container: Any, path: list[Any]) -> int | None:
    """The line of the value at ``path`` inside a LineDict/LineList tree, or of its nearest known parent."""
    line: int | None = getattr(container, "line", None)
    node = container
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step] if step < len(getattr(node, "item_lines", ())) else line
            node = node[step]
        else:
            break
    return line
