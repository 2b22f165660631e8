"""YAML (and JSON) into plain Python values that remember their lines.

libyaml (through PyYAML's C parser) gives a stream of events with marks; this module builds ``LineDict``/``LineList``
values from it (a dict and a list that know their first and last line and the line of each key) without mixing
any magic keys into the data, and without holding PyYAML's node tree.
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
# The first characters with which a plain scalar may be something other than a string.
_IMPLICIT_FIRST = frozenset(key for key in _Loader.yaml_implicit_resolvers if key)
_constructor = yaml.constructor.SafeConstructor()
_SCALARS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
}

# Called for a value with a tag YAML does not define (``!Ref``): (tag, value already built, its line) -> value.
TagHandler = Callable[[str, Any, int], Any]


class Refused(InputError):
    """Valid YAML the gate will not read (duplicate keys, an alias bomb, deep nesting, several documents): unlike a
    syntax error, which CloudFormation would reject too, it is always reported, whatever the file looks like."""


class LineDict(dict[Any, Any]):
    """A mapping that knows where it stands in its file (1-based lines)."""

    __slots__ = ("line", "end_line", "key_lines")  # no instance dict: a large template has 100,000s of these

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = self.end_line = 0
        self.key_lines: dict[Any, int] = {}


class LineList(list[Any]):
    """A sequence that knows where it stands in its file (1-based lines), and where each item starts."""

    __slots__ = ("line", "end_line", "item_lines")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.line = self.end_line = 0
        self.item_lines: list[int] = []


# libyaml sets every event's marks and anchors where they belong; the type stubs allow None everywhere.
_Mark = Any
_Event = Any
_OPEN = object()  # an anchor whose node is still being built


def _end(start: _Mark, end: _Mark) -> int:
    """The last line (1-based) of text running from ``start`` to ``end``: an end mark at the start of a line
    belongs to the line before."""
    if end.column == 0 and end.line > start.line:
        return int(end.line)
    return int(end.line) + 1


class _Frame:
    """A mapping or sequence being built, with what its parent needs to know of it once it ends."""

    __slots__ = (
        "value",
        "sequence",
        "tag",
        "anchor",
        "start",
        "flow",
        "size",
        "height",
        "last_end",
        "key",
        "key_line",
        "merge",
        "key_texts",
    )

    def __init__(self, value: LineDict | LineList, tag: str, anchor: str | None, start: _Mark, flow: bool) -> None:
        self.value = value
        self.sequence = isinstance(value, LineList)
        self.tag = tag
        self.anchor = anchor
        self.start = start
        self.flow = flow
        self.size = 1  # nodes, aliases expanded
        self.height = 0  # levels below, aliases expanded
        self.last_end = 0  # the end line of the last child
        self.key: Any = None
        self.key_line = 0
        self.merge = False
        self.key_texts: dict[str, int] = {}  # each key as text -> its line


def key_text(key: Any) -> str:
    """A mapping key as JSON, and so CloudFormation, reads it: keys are strings, so ``1``, ``1.0``... written as
    YAML numbers or booleans are the text they stand for (``1`` and ``"1"`` are one key)."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


class _Builder:
    """Builds values straight from libyaml's event stream: no node tree is held (it would take several times
    the memory of the values), and aliases share the value of their anchor while counting as its copy would."""

    def __init__(self, file: str, on_tag: TagHandler | None, loader: Any) -> None:
        self.file = file
        self.on_tag = on_tag
        self.resolve = loader.resolve
        self.count = 0
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}  # name -> (value, size, height), or _OPEN while it is being built
        self.document: Any = None
        self.documents = 0
        self.tags: dict[str, str] = {}
        self.strings: dict[str, str] = {}
        self.constructed: dict[tuple[str, str], Any] = {}

    def error(self, mark: _Mark, message: str, refused: bool = True) -> InputError:
        kind = Refused if refused else InputError
        return kind(self.file, mark.line + 1, message, mark.column + 1)

    def run(self, loader: Any) -> None:
        get_event, scalar, feed = loader.get_event, self.scalar, self.feed
        while (event := get_event()) is not None:
            if type(event) is yaml.ScalarEvent:  # most events: no further dispatch
                scalar(event)
            else:
                feed(event)

    def feed(self, event: _Event) -> None:
        """Any event but a scalar (run() gives those to scalar() itself)."""
        kind = type(event)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.open(event)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.close(event)
        elif kind is yaml.AliasEvent:
            self.alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self.error(event.start_mark, "expected a single document, found a second one", refused=False)

    def scalar(self, event: _Event) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            self.grow(event.start_mark, 0)
        value: Any = event.value
        if len(value) <= 64:  # keys and common values repeat: one string for all their occurrences
            value = self.strings.setdefault(value, value)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.plain_tag(value) if event.implicit[0] else _STR
        if tag is not _STR and tag in _SCALARS:
            value = self.construct(tag, value)
        start, end = event.start_mark, event.end_mark
        line = end.line if end.column == 0 and end.line > start.line else end.line + 1
        if event.anchor is None and tag[0] != "!":
            self.attach(value, tag, start, line, 1, 0)
        else:
            self.done(value, tag, event.anchor, start, line, 1, 0)

    def plain_tag(self, value: str) -> str:
        """The tag YAML gives an untagged plain scalar (``12`` int, ``true`` bool, ``~`` null, else str):
        PyYAML's resolver, asked once per distinct short value and only when the first character could start
        something other than a string."""
        if value and value[0] not in _IMPLICIT_FIRST:
            return _STR
        tag = self.tags.get(value)
        if tag is None:
            tag = self.resolve(yaml.ScalarNode, value, (True, False))
            tag = _STR if tag == _STR else tag
            if len(value) <= 32:
                self.tags[value] = tag
        return tag

    def construct(self, tag: str, text: str) -> Any:
        key = (tag, text)
        if key in self.constructed:
            return self.constructed[key]
        try:
            value = _SCALARS[tag](yaml.ScalarNode(tag, text))
        except (ValueError, yaml.YAMLError):
            value = text
        if len(self.constructed) < 10_000:
            self.constructed[key] = value
        return value

    def open(self, event: _Event) -> None:
        self.grow(event.start_mark, 1)
        if len(self.stack) >= MAX_DEPTH:
            raise self.error(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        mapping = type(event) is yaml.MappingStartEvent
        tag = event.tag
        if tag is None or tag == "!":
            tag = _MAP if mapping else _SEQ
        value: LineDict | LineList
        value = LineDict() if mapping else LineList()
        value.line = event.start_mark.line + 1
        if event.anchor is not None:
            self.anchors[event.anchor] = _OPEN
        self.stack.append(_Frame(value, tag, event.anchor, event.start_mark, bool(event.flow_style)))

    def close(self, event: _Event) -> None:
        frame = self.stack.pop()
        if frame.flow or not frame.value:
            end = _end(frame.start, event.end_mark)
        else:  # a block collection's end mark sits at the next token, possibly lines further down
            end = frame.last_end
        frame.value.end_line = end
        self.done(frame.value, frame.tag, frame.anchor, frame.start, end, frame.size, frame.height + 1)

    def alias(self, event: _Event) -> None:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            raise self.error(event.start_mark, f"found undefined alias {event.anchor!r}")
        if anchored is _OPEN:
            raise self.error(event.start_mark, f"alias {event.anchor!r} refers to a node that contains it")
        value, size, height = anchored
        self.grow(event.start_mark, size)
        if len(self.stack) + height > MAX_DEPTH:
            raise self.error(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        self.attach(value, "", event.start_mark, _end(event.start_mark, event.end_mark), size, height)

    def grow(self, mark: _Mark, size: int) -> None:
        self.count += size
        if self.count > MAX_NODES:
            raise self.error(mark, f"document expands to more than {MAX_NODES} nodes (an alias bomb?)")

    def done(self, value: Any, tag: str, anchor: str | None, start: _Mark, end: int, size: int, height: int) -> None:
        if tag.startswith("!") and self.on_tag is not None:
            value = self.on_tag(tag, value, start.line + 1)
        if anchor is not None:
            self.anchors[anchor] = (value, size, height)
        self.attach(value, tag, start, end, size, height)

    def attach(self, value: Any, tag: str, start: _Mark, end: int, size: int, height: int) -> None:
        """Put a finished value into the collection being built (or make it the document)."""
        if not self.stack:
            self.document = value
            return
        frame = self.stack[-1]
        frame.size += size
        if height > frame.height:
            frame.height = height
        frame.last_end = end
        line = start.line + 1
        result: Any = frame.value  # a LineList when frame.sequence, else a LineDict
        if frame.sequence:
            result.append(value)
            result.item_lines.append(line)
            return
        if frame.key is None and not frame.merge:  # a key
            if tag == _MERGE:
                frame.merge = True
                return
            if isinstance(value, (dict, list)):
                raise self.error(
                    start, "a mapping key must be a scalar", refused=False
                )  # JSON could not hold it either
            if value in result.key_lines:
                first = result.key_lines[value]
                raise self.error(start, f"duplicate key {value!r} (first defined on line {first})")
            text = value if type(value) is str else key_text(value)  # most keys are text already
            if text in frame.key_texts:  # which one CloudFormation keeps is not documented: refuse the file
                first = frame.key_texts[text]
                raise self.error(
                    start,
                    f"duplicate key {value!r}: the same key as the one on line {first} once "
                    "read as a string, as CloudFormation and JSON read keys",
                )
            frame.key_texts[text] = line
            frame.key, frame.key_line = _Key(value), line
            return
        if frame.merge:
            frame.merge = False
            for source in value if isinstance(value, list) else [value]:
                if isinstance(source, dict):
                    for k, v in source.items():
                        result.setdefault(k, v)
            return
        key = frame.key.value
        frame.key = None
        result[key] = value
        result.key_lines[key] = frame.key_line


class _Key:
    """A key waiting for its value (a key may itself be None or False, so it is boxed)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def load(text: str, file: str, on_tag: TagHandler | None = None) -> Any:
    """Parse one YAML or JSON document into LineDict/LineList values; errors name ``file`` and the line."""
    loader = _Loader(text)
    builder = _Builder(file, on_tag, loader)
    try:
        try:
            builder.run(loader)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise InputError(file, None, message) from exc
        raise InputError(file, mark.line + 1, message, mark.column + 1) from exc
    except yaml.YAMLError as exc:
        raise InputError(file, None, str(exc).splitlines()[0]) from exc
    return builder.document


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
