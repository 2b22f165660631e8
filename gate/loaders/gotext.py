"""Go's text rules, which Terraform's string functions inherit (cty's stdlib calls Go's ``strings`` and
``unicode``), where Python's built-ins differ:

- white space is Unicode's White_Space property (``unicode.IsSpace``): Python's ``str.isspace`` and
  ``str.strip`` also count U+001C..U+001F, which Go does not (https://pkg.go.dev/unicode#IsSpace);
- case is mapped one character at a time with Unicode's *simple* mappings (``unicode.ToUpper``, ``ToLower``,
  ``ToTitle``): ``upper("ß")`` is ``"ß"``, never Python's ``"SS"``; ``lower("İ")`` is ``"i"``; a final sigma
  stays ``σ`` (https://pkg.go.dev/strings#ToUpper);
- ``strings.Title`` starts a word after an ASCII character that is not a letter, digit or ``_``, or after a
  non-ASCII white space character; any other non-ASCII character (``€``, ``·``) is part of the word
  (https://pkg.go.dev/strings#Title);
- every string is in Unicode normalization form C: cty normalises each string it creates
  (https://github.com/zclconf/go-cty/blob/main/docs/types.md, "cty.String").
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import Any

# Python's str.isspace() counts these four separators; Go's unicode.IsSpace (Unicode White_Space) does not.
_PYTHON_ONLY_SPACE = frozenset("\x1c\x1d\x1e\x1f")


def is_space(ch: str) -> bool:
    """Go's ``unicode.IsSpace``."""
    return ch.isspace() and ch not in _PYTHON_ONLY_SPACE


def trim_space(text: str) -> str:
    """Go's ``strings.TrimSpace``."""
    start, end = 0, len(text)
    while start < end and is_space(text[start]):
        start += 1
    while end > start and is_space(text[end - 1]):
        end -= 1
    return text[start:end]


def _simple(ch: str, mapped: str, fallback: str) -> str:
    """One character's simple case mapping: Python's full mapping when it is one character, else ``fallback``
    (Unicode's simple mapping of a character whose full mapping is longer is itself or its title case form)."""
    if len(mapped) == 1:
        return mapped
    if len(fallback) == 1:
        return fallback
    return ch


def to_upper_rune(ch: str) -> str:
    """Go's ``unicode.ToUpper``: ``ß`` stays ``ß``, ``ᾳ`` becomes ``ᾼ``."""
    return _simple(ch, ch.upper(), ch.title())


def to_lower_rune(ch: str) -> str:
    """Go's ``unicode.ToLower``: ``İ`` becomes ``i`` (its full mapping adds a combining dot)."""
    lowered = ch.lower()
    return _simple(ch, lowered, lowered[0] if ch == "\u0130" else ch)


def to_title_rune(ch: str) -> str:
    """Go's ``unicode.ToTitle``: ``ǆ`` becomes ``ǅ``, ``ß`` stays ``ß``."""
    return _simple(ch, ch.title(), ch)


def to_upper(text: str) -> str:
    """Go's ``strings.ToUpper``."""
    return text.upper() if text.isascii() else "".join(to_upper_rune(ch) for ch in text)


def to_lower(text: str) -> str:
    """Go's ``strings.ToLower``."""
    return text.lower() if text.isascii() else "".join(to_lower_rune(ch) for ch in text)


def _is_separator(ch: str) -> bool:
    """Go's ``strings.isSeparator``, which decides where ``strings.Title`` starts a word."""
    if ch.isascii():
        return not (ch.isalnum() or ch == "_")
    category = unicodedata.category(ch)
    if category.startswith("L") or category == "Nd":
        return False
    return is_space(ch)


def title(text: str) -> str:
    """Go's ``strings.Title``: the first character of each word in title case, the rest untouched."""
    out: list[str] = []
    previous = " "
    for ch in text:
        out.append(to_title_rune(ch) if _is_separator(previous) else ch)
        previous = ch
    return "".join(out)


def nfc(text: str) -> str:
    """``text`` in Unicode normalization form C, as every cty string is."""
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def nfc_value(value: Any) -> Any:
    """``value`` with every string in it (map keys too) in normalization form C; other values unchanged."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):  # a set stays a set (TerraformSet is a list that iterates by element)
        items = [nfc_value(item) for item in value]
        return items if type(value) is list else type(value)(items)
    if isinstance(value, dict):
        return {nfc_value(key): nfc_value(item) for key, item in value.items()}
    return value


def normalised(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with its result in normalization form C, as cty returns every function's strings (a decoded
    document, a ``replace`` that joins a letter to a combining mark)."""

    @functools.wraps(fn)  # keeps fn's signature: the evaluator checks argument counts against it
    def call(*args: Any) -> Any:
        return nfc_value(fn(*args))

    return call
