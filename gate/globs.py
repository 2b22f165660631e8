"""Glob matching in time linear in the text: waiver globs, IAM wildcards and CODEOWNERS patterns.

These patterns can come from the scanned tree, and a regular expression built from them backtracks: Python's
``re`` (and ``fnmatch``, which uses it) takes exponential time on ``a*a*a*a*a*a*a*b`` against a long run of
``a``. Here a pattern is a small automaton run over the text once, keeping the set of pattern positions
reached as the bits of an integer (the "bit-parallel" simulation of a nondeterministic automaton): each
character costs a few integer operations, whatever the pattern, so a match takes O(len(text) x len(pattern)
/ word size) and never backtracks. Patterns without wildcards are compared, and patterns whose only wildcard
is ``*`` are matched by searching their pieces left to right with ``str.find``, both at C speed.

Tokens: a literal character; ``?`` (one character); ``*`` (any run); optionally ``*`` and ``?`` that stop at
``/`` (path segments, CODEOWNERS) with ``**`` crossing them; and an optional group, ``(...)?``, for
CODEOWNERS' ``**/`` and its implied prefix and suffix.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Token kinds.
LIT, ANY, ANY_SEG, STAR, STAR_SEG, OPTIONAL = range(6)


@dataclass(frozen=True, slots=True)
class Token:
    kind: int
    char: str = ""
    length: int = 0  # OPTIONAL: how many tokens the group spans


def literal(text: str) -> list[Token]:
    return [Token(LIT, c) for c in text]


def optional(tokens: Sequence[Token]) -> list[Token]:
    """``(tokens)?``."""
    return [Token(OPTIONAL, length=len(tokens)), *tokens]


class Glob:
    """A compiled pattern; :meth:`fullmatch` says whether it matches all of a text."""

    __slots__ = ("pattern", "_exact", "_pieces", "_size", "_lits", "_any", "_any_seg", "_star", "_star_seg", "_skips")

    def __init__(self, tokens: Sequence[Token], pattern: str = "") -> None:
        self.pattern = pattern
        tokens = _collapse(tokens)
        self._exact: str | None = None
        self._pieces: list[str] | None = None
        if all(t.kind == LIT for t in tokens):
            self._exact = "".join(t.char for t in tokens)
        elif all(t.kind in (LIT, STAR) for t in tokens):
            self._pieces = "".join("\x00" if t.kind == STAR else t.char for t in tokens).split("\x00")
        self._size = len(tokens)
        self._lits: dict[str, int] = {}
        self._any = self._any_seg = self._star = self._star_seg = 0
        self._skips: list[tuple[int, int]] = []
        for position, token in enumerate(tokens):
            bit = 1 << position
            if token.kind == LIT:
                self._lits[token.char] = self._lits.get(token.char, 0) | bit
            elif token.kind == ANY:
                self._any |= bit
            elif token.kind == ANY_SEG:
                self._any_seg |= bit
            elif token.kind == STAR:
                self._star |= bit
            elif token.kind == STAR_SEG:
                self._star_seg |= bit
            else:
                self._skips.append((bit, position + 1 + token.length))

    @classmethod
    def of_pieces(cls, pieces: list[str], pattern: str) -> Glob:
        """The pattern ``"*".join(pieces)`` (no other wildcard), without building its automaton."""
        glob = cls.__new__(cls)
        glob.pattern = pattern
        glob._exact = pieces[0] if len(pieces) == 1 else None
        glob._pieces = pieces if len(pieces) > 1 else None
        return glob

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"

    def fullmatch(self, text: str) -> bool:
        """Whether the pattern matches the whole of ``text``."""
        if self._exact is not None:
            return text == self._exact
        if self._pieces is not None:
            return _pieces_match(self._pieces, text)
        return self._simulate(text)

    def _closure(self, state: int) -> int:
        stars = self._star | self._star_seg
        while True:  # a star may match nothing; an optional group may be skipped
            more = state | ((state & stars) << 1)
            for bit, after in self._skips:
                if state & bit:
                    more |= (bit << 1) | (1 << after)
            if more == state:
                return state
            state = more

    def _simulate(self, text: str) -> bool:
        state = self._closure(1)
        for char in text:
            if char == "/":
                advance = self._lits.get(char, 0) | self._any
                stay = self._star
            else:
                advance = self._lits.get(char, 0) | self._any | self._any_seg
                stay = self._star | self._star_seg
            state = ((state & advance) << 1) | (state & stay)
            if not state:
                return False
            state = self._closure(state)
        return bool(state >> self._size & 1)


def _collapse(tokens: Sequence[Token]) -> list[Token]:
    """Runs of stars as one (``**`` is ``*`` where stars cross ``/``): keeps the epsilon chains short."""
    out: list[Token] = []
    for token in tokens:
        if out and token.kind in (STAR, STAR_SEG) and out[-1].kind in (STAR, STAR_SEG):
            if token.kind == STAR:
                out[-1] = token
            continue
        out.append(token)
    return out


def _pieces_match(pieces: list[str], text: str) -> bool:
    """``pieces`` joined by ``*``: the first at the start, the last at the end, the others each at its
    leftmost place after the one before (leftmost is always safe when ``*`` matches anything)."""
    first, last = pieces[0], pieces[-1]
    if len(text) < len(first) + len(last) or not text.startswith(first) or not text.endswith(last):
        return False
    position, end = len(first), len(text) - len(last)
    for piece in pieces[1:-1]:
        found = text.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def selects(patterns: Iterable[str], policy_id: str, family: str) -> bool:
    """A policy selection (configuration's ``policies.include``/``exclude``, Checkov's): a family name, or a
    wildcard over policy ids (``GATE-NET-*``, ``CKV_AWS_*``)."""
    return any(p == family or wildcard(p).fullmatch(policy_id) for p in patterns)


@functools.lru_cache(maxsize=4096)
def wildcard(pattern: str) -> Glob:
    """``*`` (any run of characters) and ``?`` (any one character); everything else literal, brackets
    included: waiver globs, policy selections, IAM actions and resources. Compiled once per pattern."""
    if "?" not in pattern:
        return Glob.of_pieces(pattern.split("*"), pattern)
    return Glob([Token(STAR) if c == "*" else Token(ANY) if c == "?" else Token(LIT, c) for c in pattern], pattern)
