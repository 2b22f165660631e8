"""String functions: https://developer.hashicorp.com/terraform/language/functions (section "String Functions").

Terraform counts, reverses and cuts strings by Unicode grapheme clusters (``length``, ``substr``, ``strrev``:
go-cty's stdlib segments them with textseg, per UAX #29), so an emoji with a skin-tone modifier, a flag or a
ZWJ sequence is one character. The gate segments them the same way, with the ``regex`` module's ``\\X``.
"""

from __future__ import annotations

from typing import Any

from gate.loaders import gotext
from gate.loaders.functions.base import (
    Function,
    FunctionError,
    check_length,
    check_projected,
    scalar,
    to_int,
    to_list,
    to_str,
    whole,
)


def graphemes(text: str) -> list[str]:
    """``text`` cut into extended grapheme clusters (https://unicode.org/reports/tr29/), as Terraform's
    ``length``, ``substr`` and ``strrev`` count them: ``"\\r\\n"``, a flag, an emoji joined with ZWJ and a
    letter with its combining marks are one character each."""
    if text.isascii() and "\r\n" not in text:
        return list(text)
    import regex  # type: ignore[import-untyped]  # lazily: only non-ASCII text or CR LF needs it

    return list(regex.findall(r"\X", text))


def _join(separator: Any, *lists: Any) -> Any:
    if not lists:
        raise FunctionError("join: at least one list is required")
    items = [item for lst in lists for item in to_list(lst)]
    if any(item is None for item in items):
        raise FunctionError("join: an element is null")
    sep = to_str(separator)
    check_projected(len(sep) * max(len(items) - 1, 0), "join")
    return check_length(sep.join(to_str(item) for item in items), "join")


def _split(separator: Any, text: Any) -> Any:
    sep, value = to_str(separator), to_str(text)
    if sep == "":  # Go's strings.Split: after each UTF-8 sequence
        return list(value)
    return value.split(sep)


def _strrev(text: Any) -> Any:
    return "".join(reversed(graphemes(to_str(text))))


def _substr(text: Any, offset: Any, length: Any) -> Any:
    clusters = graphemes(to_str(text))
    start, count = to_int(offset), to_int(length)
    if start < 0:
        start = max(len(clusters) + start, 0)
    if start >= len(clusters):  # cty's SubstrFunc: an offset past the end is the empty string
        return ""
    end = len(clusters) if count < 0 else start + count
    return "".join(clusters[start:end])


def _indent(spaces: Any, text: Any) -> Any:
    count = to_int(spaces)
    value = to_str(text)
    if count < 0:
        raise FunctionError("indent: spaces must not be negative")
    check_projected(len(value) + count * value.count("\n"), "indent")
    return check_length(value.replace("\n", "\n" + " " * count), "indent")


def _trim(text: Any, cutset: Any) -> Any:
    chars = to_str(cutset)  # Go's strings.Trim: an empty cutset trims nothing
    return to_str(text).strip(chars) if chars else to_str(text)


def _strcontains(text: Any, substring: Any) -> Any:
    return to_str(substring) in to_str(text)


FUNCTIONS: dict[str, Function] = {
    "chomp": scalar(lambda s: to_str(s).rstrip("\r\n")),
    "endswith": scalar(lambda s, suffix: to_str(s).endswith(to_str(suffix))),
    "indent": scalar(_indent),
    "join": whole(_join),
    "lower": scalar(lambda s: gotext.to_lower(to_str(s))),
    "split": scalar(_split),
    "startswith": scalar(lambda s, prefix: to_str(s).startswith(to_str(prefix))),
    "strcontains": scalar(_strcontains),
    "strrev": scalar(_strrev),
    "substr": scalar(_substr),
    "title": scalar(lambda s: gotext.title(to_str(s))),
    "trim": scalar(_trim),
    "trimprefix": scalar(lambda s, prefix: to_str(s).removeprefix(to_str(prefix))),
    "trimspace": scalar(lambda s: gotext.trim_space(to_str(s))),
    "trimsuffix": scalar(lambda s, suffix: to_str(s).removesuffix(to_str(suffix))),
    "upper": scalar(lambda s: gotext.to_upper(to_str(s))),
}
