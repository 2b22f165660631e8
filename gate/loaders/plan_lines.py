"""Where each resource of a plan is written in the plan's text: the lines of its object in ``resource_changes``
or ``planned_values``, found by scanning the JSON text (the parsed document has no positions), so that a finding
on a plan points at its lines."""

from __future__ import annotations

import json
import re
from collections import deque

_STRING_BODY = r'[^"\\]*(?:\\.[^"\\]*)*'
_ADDRESS_KEY = re.compile(r'"address"\s*:\s*"(' + _STRING_BODY + ')"')
_JSON_TOKEN = re.compile(r'"' + _STRING_BODY + r'"|[{}\[\]]')
_DEPTH_CHANGE = {"{": 1, "[": 1, "}": -1, "]": -1}
_BETWEEN_NEIGHBOURS = re.compile(r"\s*,\s*")


class Lines:
    """Offset -> 1-based line number (0 for offset -1, "not found").

    Offsets are asked in increasing order (entries are found in text order), so each answer counts the
    newlines (in C) since the previous one: linear in the text overall, and no list of a million offsets.
    An earlier offset, which only a hand-edited plan can cause, is counted again from the start.
    """

    def __init__(self, text: str) -> None:
        self._text, self._offset, self._line = text, 0, 1

    def of(self, offset: int) -> int:
        if offset < 0:
            return 0
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def key_offset(text: str, key: str) -> int:
    """Offset of the first ``"key":`` (-1 if none): Terraform prints top-level keys before nested ones."""
    match = re.search('"' + re.escape(key) + r'"\s*:', text)
    return match.start() if match else -1


def spans(text: str, anchor: int, addresses: list[str | None]) -> list[tuple[int, int] | None]:
    """(start, end) offsets of each entry: start at its ``"address"`` key, end at its closing brace.

    One pass of a regex from ``anchor`` (the key of the array holding the entries) finds the address keys in
    order; an address met again further on (prior_state, configuration) is ignored once its entry is placed.
    """
    wanted: dict[str, deque[int]] = {}
    for index, address in enumerate(addresses):
        if address is not None:
            wanted.setdefault(address, deque()).append(index)
    starts: list[int | None] = [None] * len(addresses)
    remaining = len(addresses) - addresses.count(None)
    for match in _ADDRESS_KEY.finditer(text, max(anchor, 0)):
        if not remaining:
            break
        queue = wanted.get(_decode(match.group(1)))
        if queue:
            starts[queue.popleft()] = match.start()
            remaining -= 1
    opens = [_open_brace_before(text, start) if start is not None else None for start in starts]
    spans: list[tuple[int, int] | None] = []
    for index, (start, open_brace) in enumerate(zip(starts, opens, strict=True)):
        following = opens[index + 1] if index + 1 < len(opens) else None
        end = _end_of_object(text, open_brace, following) if open_brace is not None else None
        spans.append(None if start is None else (start, start if end is None else end))
    return spans


def _decode(raw: str) -> str:
    # for_each keys are escaped (aws_x.y[\"k\"]), and Go writes <, > and & as \u003c, \u003e and \u0026.
    if "\\" not in raw:
        return raw
    try:
        return str(json.loads('"' + raw + '"'))
    except ValueError:
        return raw


def _open_brace_before(text: str, offset: int) -> int | None:
    """The entry's opening brace, when ``address`` is its first key (as Terraform prints it)."""
    index = offset - 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    return index if index >= 0 and text[index] == "{" else None


def _end_of_object(text: str, open_brace: int, next_open: int | None) -> int | None:
    # Neighbours in one array are separated by "}," and the end is found without reading the entry. Else (the
    # last entry, entries of different modules in planned_values) braces are matched over this entry only.
    if next_open is not None:
        close = text.rfind("}", open_brace, next_open)
        if close != -1 and _BETWEEN_NEIGHBOURS.fullmatch(text, close + 1, next_open):
            return close
    depth = 0
    for token in _JSON_TOKEN.finditer(text, open_brace):
        depth += _DEPTH_CHANGE.get(token.group(), 0)
        if depth == 0:
            return token.start()
    return None
