"""``regex``, ``regexall`` and ``replace``, with RE2 as Terraform uses it (Go's ``regexp`` is RE2).

https://developer.hashicorp.com/terraform/language/functions/regex: the pattern uses RE2 syntax; with no capture
groups the result is the matched string, with named groups a map, with unnamed groups a list (mixing both is an
error); no match is an error for ``regex`` and an empty list for ``regexall``. ``replace`` treats a substring
wrapped in slashes as a pattern and expands ``$1``/``${name}`` in the replacement as Go's ``Regexp.Expand`` does.

RE2 matches in time linear in the input, so an attacker's pattern cannot hang the gate; the ``google-re2``
module is imported on the first call only.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from gate.loaders.functions.base import (
    MAX_PATTERN,
    Function,
    FunctionError,
    LimitExceeded,
    check_length,
    check_projected,
    scalar,
    to_str,
)

_RE2_MEMORY = 8 << 20  # bytes RE2 may use to compile one pattern (its default); past it the pattern is too large
_NAME = re.compile(r"[A-Za-z0-9_]+")


def _has_any_byte(pattern: str) -> bool:
    """Whether ``pattern`` uses ``\\C`` (any byte), which RE2 accepts but Go's regexp, Terraform's, rejects:
    "the syntax ... is the same general syntax used by ... RE2 ... except for \\C" (https://pkg.go.dev/regexp).
    Text between ``\\Q`` and ``\\E`` is literal."""
    index = 0
    while index < len(pattern):
        if pattern.startswith("\\Q", index):
            end = pattern.find("\\E", index + 2)
            if end < 0:
                return False
            index = end + 2
        elif pattern[index] == "\\":
            if pattern[index + 1 : index + 2] == "C":
                return True
            index += 2
        else:
            index += 1
    return False


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """The RE2 program for ``pattern``; FunctionError when RE2 rejects its syntax, LimitExceeded past limits."""
    if len(pattern) > MAX_PATTERN:
        raise LimitExceeded(f"regular expression longer than {MAX_PATTERN} characters")
    if _has_any_byte(pattern):
        raise FunctionError(f"invalid regular expression {pattern!r}: invalid escape sequence \\C")
    import re2  # type: ignore[import-untyped]  # lazily: only configurations that call these functions pay for it

    options = re2.Options()
    options.max_mem = _RE2_MEMORY
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        message = str(exc)
        if "too large" in message or "too big" in message or "memory" in message:
            raise LimitExceeded(f"regular expression too large: {message}") from None
        raise FunctionError(f"invalid regular expression {pattern!r}: {message}") from None


def _groups(program: Any, match: Any) -> Any:
    names = program.groupindex
    count = program.groups
    if count == 0:
        return match.group(0)
    if names and len(names) != count:
        raise FunctionError("regex: pattern mixes named and unnamed capture groups")
    if names:
        return {name: match.group(index) or "" for name, index in names.items()}
    return [group or "" for group in match.groups()]


def _regex(pattern: Any, text: Any) -> Any:
    program = compile_pattern(to_str(pattern))
    match = program.search(to_str(text))
    if match is None:
        raise FunctionError("regex: pattern did not match any part of the given string")
    return _groups(program, match)


def _regexall(pattern: Any, text: Any) -> Any:
    program = compile_pattern(to_str(pattern))
    return [_groups(program, match) for match in _matches(program, to_str(text))]


def _matches(program: Any, text: str) -> list[Any]:
    """Every match as Go's ``FindAll`` returns them: an empty match right after a match is skipped."""
    out: list[Any] = []
    pos = 0
    previous_end = -1
    while pos <= len(text):
        match = program.search(text, pos)
        if match is None:
            break
        start, end = match.span()
        if start == end and start == previous_end:
            pos = start + 1
            continue
        out.append(match)
        previous_end = end
        pos = end if end > start else end + 1
    return out


def expand(template: str, match: Any, names: dict[str, int]) -> str:
    """Go's ``Regexp.Expand``: ``$1``, ``$name``, ``${name}``, ``$$``; a missing group expands to nothing."""
    out: list[str] = []
    i = 0
    while i < len(template):
        ch = template[i]
        if ch != "$" or i + 1 == len(template):
            out.append(ch)
            i += 1
            continue
        nxt = template[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt == "{":
            close = template.find("}", i + 2)
            name = template[i + 2 : close] if close > 0 else ""
            if close < 0 or not _NAME.fullmatch(name):
                out.append("$")
                i += 1
                continue
            i = close + 1
        else:
            found = _NAME.match(template, i + 1)
            if found is None:
                out.append("$")
                i += 1
                continue
            name = found.group(0)
            i = found.end()
        out.append(_group_text(match, name, names))
    return "".join(out)


def _group_text(match: Any, name: str, names: dict[str, int]) -> str:
    if name.isdigit():
        index = int(name)
        if index > len(match.groups()):
            return ""
        return match.group(index) or ""
    if name in names:
        return match.group(names[name]) or ""
    return ""


def _replace(text: Any, search: Any, replacement: Any) -> Any:
    value, needle, substitute = to_str(text), to_str(search), to_str(replacement)
    if len(needle) > 1 and needle.startswith("/") and needle.endswith("/"):
        program = compile_pattern(needle[1:-1])
        names = dict(program.groupindex)
        out: list[str] = []
        size = pos = 0
        for match in _matches(program, value):
            piece = value[pos : match.start()] + expand(substitute, match, names)
            size += len(piece)
            check_projected(size, "replace")
            out.append(piece)
            pos = match.end()
        out.append(value[pos:])
        return check_length("".join(out), "replace")
    # Go's strings.ReplaceAll, like Python's: an empty substring matches before every character and at the end.
    count = len(value) + 1 if needle == "" else value.count(needle)
    check_projected(len(value) + count * max(len(substitute) - len(needle), 0), "replace")
    return value.replace(needle, substitute)


FUNCTIONS: dict[str, Function] = {
    "regex": scalar(_regex),
    "regexall": scalar(_regexall),
    "replace": scalar(_replace),
}
