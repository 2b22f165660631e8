"""Three-valued outcomes and the evidence that explains them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gate.model import Resource
from gate.values import Unknown

# True, False, or None for "unknown": the decisive value is not known before apply.
Tri = bool | None


@dataclass(slots=True)
class Clue:
    """One attribute that decided an outcome: where it is, what it was, and a phrase for the message."""

    path: str
    value: Any = None
    note: str = ""
    absent: bool = False
    cause: Resource | None = None  # the other resource the value was read from (a rule resource); None: this one

    def describe(self) -> str:
        if self.note:
            return self.note
        if self.absent:
            return f"{self.path} is not set"
        if isinstance(self.value, Unknown):
            return f"{self.path} is known only after apply"
        return f"{self.path} = {show(self.value)}"


def show(value: Any) -> str:
    """A value as the user wrote it (``false``, ``"public-read"``), shortened when long."""
    try:
        text = json.dumps(value, default=repr)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


@dataclass(slots=True)
class Outcome:
    value: Tri
    clues: list[Clue] = field(default_factory=list)


TRUE_NO_CLUE = Outcome(True)
FALSE_NO_CLUE = Outcome(False)


def all_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Kleene conjunction, short-circuiting on the first False; the clues explain the value returned."""
    unknown: list[Clue] | None = None
    clues: list[Clue] = []
    for o in outcomes:
        if o.value is False:
            return Outcome(False, o.clues)
        if o.value is None:
            unknown = (unknown or []) + o.clues
        else:
            clues.extend(o.clues)
    if unknown is not None:
        return Outcome(None, unknown)
    return Outcome(True, clues)


def any_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Kleene disjunction, short-circuiting on the first True; the clues explain the value returned.

    When every alternative is false, the first one explains it: alternatives after it are exemptions (a read
    replica, a serverless cluster) that would only clutter the message.
    """
    unknown: list[Clue] | None = None
    clues: list[Clue] = []
    for o in outcomes:
        if o.value is True:
            return Outcome(True, o.clues)
        if o.value is None:
            unknown = (unknown or []) + o.clues
        elif not clues:
            clues.extend(o.clues)
    if unknown is not None:
        return Outcome(None, unknown)
    return Outcome(False, clues)


def any_of_all(outcomes: Iterable[Outcome]) -> Outcome:
    """Kleene disjunction over every alternative: when true, the clues of *each* true one, so that every
    resource causing a finding is named (a second rule that opens a group is a finding of its own)."""
    items = list(outcomes)
    true = [clue for o in items if o.value is True for clue in o.clues]
    return Outcome(True, true) if any(o.value is True for o in items) else any_of(items)


def caused_by(outcome: Outcome, cause: Resource) -> Outcome:
    """``outcome`` with each clue that names no cause attributed to ``cause``."""
    for clue in outcome.clues:
        if clue.cause is None:
            clue.cause = cause
    return outcome


def negate(outcome: Outcome) -> Outcome:
    value = None if outcome.value is None else not outcome.value
    return Outcome(value, outcome.clues)
