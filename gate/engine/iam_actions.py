"""IAM action patterns: what a pattern of ``Action`` or ``NotAction`` covers, read the way IAM reads it.

Action names and their service prefix are case insensitive (``IAM:listaccesskeys`` is ``iam:ListAccessKeys``)
and the only wildcards are ``*`` (any run of characters) and ``?`` (one character). A statement that allows
``NotAction`` grants every action it does not name, in every service; it hands out administrator access as
soon as it leaves the services that control identity and the organisation (``iam``, ``sts``,
``organizations``) not fully excluded, whatever else it names, since with those a principal grants itself the
rest (IAM User Guide, "IAM JSON policy elements: NotAction").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from gate.globs import wildcard

# The services whose actions, granted on every resource, let a principal give itself every other permission.
ADMIN_SERVICES = ("iam", "sts", "organizations")
# Actions with which a principal grants itself everything else (IAM User Guide, privilege escalation through
# policies, roles and keys): a pattern that covers them all grants every action in effect.
ESCALATION_ACTIONS = (
    "iam:passrole",
    "iam:attachuserpolicy",
    "iam:attachrolepolicy",
    "iam:putrolepolicy",
    "iam:putuserpolicy",
    "iam:createpolicyversion",
    "iam:createaccesskey",
    "iam:updateassumerolepolicy",
    "sts:assumerole",
    "organizations:leaveorganization",
)
_FRESH = "zqxjkvw0123456789"  # characters one of which a pattern does not use, to stand for "any character"
MAX_PATTERN = 256


def _fits(text: str, pattern: str) -> bool:
    """IAM's ``*`` and ``?`` only, case insensitive, in linear time (gate.globs: a pattern from the tree cannot
    make the gate backtrack)."""
    return wildcard(pattern.strip().lower()).fullmatch(text.lower())


def matches(pattern: str, action: str) -> bool:
    """Does the IAM pattern cover this one action (``iam:PassRole``)?"""
    return _fits(action.strip(), pattern)


def _fresh(pattern: str) -> str | None:
    return next((c for c in _FRESH if c not in pattern), None)


@lru_cache(maxsize=4096)
def covers_everything(pattern: str) -> bool:
    """Does the pattern grant every action in effect (``*``, ``*:*``, ``*?:*``, ``*:??????*``...)?

    Such a pattern names no service or action (it holds no character but ``*``, ``?`` and ``:``) and covers the
    actions with which a principal makes itself an administrator: whatever else it leaves out, the holder grants
    itself the rest.
    """
    text = _collapsed(pattern)
    if not text or set(text) - set("*?:"):
        return False
    return all(_fits(action, text) for action in ESCALATION_ACTIONS)


def _collapsed(pattern: str) -> str:
    """The pattern in lower case with each run of ``*`` one ``*`` (they match the same actions)."""
    return re.sub(r"\*+", "*", pattern.strip().lower())


@lru_cache(maxsize=4096)  # pure; a policy's few patterns are asked about again for each statement and service
def covers_service(pattern: str, service: str) -> bool:
    """Does the pattern cover every action of ``service`` (``iam:*``, ``i*``, ``*``)?

    An action name made of a character the pattern does not use matches exactly where any other name of the
    same length would, so trying each length up to one more than the pattern's is exact.
    """
    text = _collapsed(pattern)
    fresh = _fresh(text)
    if fresh is None or len(text) > MAX_PATTERN:
        return True  # too long to decide: fail closed (a real IAM action pattern is far shorter)
    return all(_fits(f"{service}:{fresh * n}", text) for n in range(1, len(text) + 2))


def touches_service(pattern: str, service: str) -> bool:
    """Can the pattern cover some action of ``service``? (``iam:Get*`` and ``*`` can; ``s3:*`` cannot.)"""
    text = pattern.strip().lower()
    states = _closure(text, {0})
    for char in f"{service}:":
        states = _closure(
            text,
            {i + 1 for i in states if i < len(text) and text[i] in ("?", char)}
            | {i for i in states if i < len(text) and text[i] == "*"},
        )
    return any(i < len(text) for i in states)


def _closure(text: str, states: set[int]) -> set[int]:
    """Positions of the pattern reachable by letting each ``*`` match nothing."""
    found = set(states)
    pending = list(states)
    while pending:
        i = pending.pop()
        if i < len(text) and text[i] == "*" and i + 1 not in found:
            found.add(i + 1)
            pending.append(i + 1)
    return found


def admin_despite(excluded: Iterable[str], unknown: bool) -> bool | None:
    """Does an Allow with ``NotAction: excluded`` still grant administrator access? True unless every
    action of each of ``ADMIN_SERVICES`` is excluded; None when only unknown exclusions could decide."""
    patterns = list(excluded)
    kept = [s for s in ADMIN_SERVICES if not any(covers_service(p, s) for p in patterns)]
    if not kept:
        return False
    return None if unknown else True
