"""Whether a pattern can match a partly known string, whatever its marks stand for.

A ``matches`` condition on a partly known string (``gate.values``) holds when the pattern matches its known text
alone. Deciding that it does *not* match needs more: every value each mark can stand for must fail. Two marks
stand for values of a known shape:

- the partition mark is one of the partitions AWS has (``values.PARTITIONS``): each is tried;
- the account mark is the deploying account's id, twelve digits
  (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html). When no atom of the
  pattern can match a digit (no ``.``, ``\\d``, ``\\w``, negated class, digit literal or class holding a digit),
  no match can use any character of the id, so every id gives the same answer as ``000000000000``.

Any other mark (an identifier, a value known only after apply) may be any text: then nothing is decided.
"""

from __future__ import annotations

import re
import re._parser as sre  # type: ignore[import-not-found,unused-ignore]  # what each atom of a pattern matches
from typing import Any

from gate.values import ACCOUNT_MARK, MARKS, PARTITION_MARK, variants

_AN_ACCOUNT = "000000000000"
_DIGITS = range(ord("0"), ord("9") + 1)
_SPACE_CATEGORIES = frozenset({sre.CATEGORY_SPACE})
_STRUCTURE = frozenset(
    {
        sre.SUBPATTERN,
        sre.MAX_REPEAT,
        sre.MIN_REPEAT,
        sre.POSSESSIVE_REPEAT,
        sre.BRANCH,
        sre.ASSERT,
        sre.ASSERT_NOT,
        sre.ATOMIC_GROUP,
        sre.GROUPREF_EXISTS,
    }
)
_ANCHORS = frozenset({sre.AT, sre.GROUPREF})


def never_matches(pattern: re.Pattern[str], text: str) -> bool:
    """True when ``pattern`` matches ``text`` for no value its marks can stand for (see the module's doc)."""
    if any(mark in text for mark in MARKS if mark not in (PARTITION_MARK, ACCOUNT_MARK)):
        return False
    if ACCOUNT_MARK in text:
        if _may_match_a_digit(pattern.pattern, pattern.flags):
            return False
        text = text.replace(ACCOUNT_MARK, _AN_ACCOUNT)
    return not any(pattern.search(variant) for variant in variants(text))


def _may_match_a_digit(source: str, flags: int) -> bool:
    try:
        parsed = sre.parse(source, flags)
    except re.error:
        return True
    return _any_digit(list(parsed))


def _any_digit(items: list[Any]) -> bool:
    # Conservative: only atoms known to match no digit (a non-digit literal, a whitespace category, a class of
    # those) and the structure around them (groups, repeats, alternatives, lookarounds, anchors) are let through.
    for op, arg in items:
        if op is sre.LITERAL:
            if arg in _DIGITS:
                return True
        elif op is sre.CATEGORY:
            if arg not in _SPACE_CATEGORIES:
                return True
        elif op is sre.IN:
            if any(inner is sre.NEGATE for inner, _ in arg) or _any_digit(arg):
                return True
        elif op is sre.RANGE:
            if arg[0] <= ord("9") and arg[1] >= ord("0"):
                return True
        elif op in _STRUCTURE:
            if _nested_may_match(arg):
                return True
        elif op not in _ANCHORS:
            return True
    return False


def _nested_may_match(arg: Any) -> bool:
    """The subpatterns a group, repeat, alternative or lookaround holds."""
    if isinstance(arg, sre.SubPattern):
        return _any_digit(list(arg))
    if isinstance(arg, (tuple, list)):
        return any(_nested_may_match(item) for item in arg)
    return False
