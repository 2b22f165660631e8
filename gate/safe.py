"""Scanned text made safe to print: the one place every reporter and printer neutralises what it shows.

Addresses, file names, messages, notices and evidence values come from the scanned tree, whose author may be
the attacker. Printed raw, they could recolour or rewrite a terminal (ANSI escapes, carriage returns), forge
lines of output (line breaks), or start a GitHub Actions workflow command (a line that begins, after spaces,
with ``::``, e.g. ``::add-mask::``, ``::stop-commands::``, ``::set-output``; or with ``##[``, the older form:
https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions). In Markdown they could
mention people (``@org/team``), link, embed images or HTML.

- :func:`terminal`: one line; every character that is not printable (control characters, ESC, line and
  paragraph separators, bidirectional overrides, zero-width characters) is written as a visible escape
  (``\\x1b``, ``\\n``, ``\\u202e``), and a leading ``::`` or ``##[`` gets a backslash before it.
- :func:`guard_lines`: a whole text output whose lines may begin with scanned text: no line can start a
  workflow command; :func:`block` also makes each of its lines printable.
- :func:`markdown`: inline Markdown text that renders as the text itself (``&``, ``<``, ``>`` as entities,
  what Markdown acts on within a line backslash-escaped, and a leading list or quote marker too) and is
  never a mention, an issue reference or an autolink (a word joiner, U+2060, after ``@`` and ``#`` and
  inside ``http://``, ``www.``).
- :func:`markdown_code`: a code span, in which Markdown acts on nothing.
"""

from __future__ import annotations

import html
import re
from typing import Any

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_COMMAND_START = re.compile(r"^(\s*)(::|##\[)")
_INLINE = re.compile(r"([\\`*_\[\]~|$!{}])")  # what Markdown acts on within a line (& < > become entities)
_BLOCK_START = re.compile(r"^([-+=>]|\d+[.)])")  # what starts a list, quote or heading underline
_JOINED = re.compile(r"([@#])|(?i:(https?|ftp|mailto|www))(?=[:.])")
WORD_JOINER = "\u2060"
_HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?")


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def terminal(value: Any) -> str:
    """``value`` as one printable line that cannot start a workflow command."""
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():
        text = "".join(c if c.isprintable() else _escape(c) for c in text)
    return _COMMAND_START.sub(r"\1\\\2", text, count=1)


def block(text: str) -> str:
    """A whole output of several lines that quotes the tree (``gate config show``): each line made
    printable as :func:`terminal` makes it, the line breaks kept."""
    return "\n".join(terminal(line) for line in text.split("\n"))


def guard_lines(text: str) -> str:
    """``text`` with a backslash before any line's leading ``::`` or ``##[``."""
    if "::" not in text and "##[" not in text:
        return text
    return "\n".join(_COMMAND_START.sub(r"\1\\\2", line, count=1) for line in text.split("\n"))


def _one_line(value: Any) -> str:
    """Markdown joins lines with a space, so line breaks (and tabs) become one."""
    return " ".join((value if isinstance(value, str) else str(value)).split())


def mention(owner: str) -> str:
    """An owner from CODEOWNERS as a live mention when it is a well-formed ``@user`` or ``@org/team``
    handle (routing notifies it on purpose), else as a code span."""
    return owner if _HANDLE.fullmatch(owner) else markdown_code(owner)


def markdown(value: Any) -> str:
    """``value`` as inline Markdown that renders as its own text, on one line, and acts on nothing."""
    text = html.escape(terminal(_one_line(value)), quote=False)
    text = _JOINED.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, _INLINE.sub(r"\\\1", text))
    return _BLOCK_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text, count=1)


def markdown_code(value: Any) -> str:
    """``value`` as a Markdown code span on one line (a backtick in it becomes ``'``)."""
    flat = terminal(_one_line(value)).replace("`", "'")
    return f"`{flat}`" if flat else "` `"
