"""Conditions that look beyond the resource judged: the resources attached to it (``related``), the accounts a
value names (``foreign_account``), and account-wide settings of the same account (``scope_has``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gate.engine.context import Condition, Context
from gate.engine.outcome import Clue, Outcome, any_of, any_of_all, caused_by
from gate.engine.paths import resolve
from gate.engine.provider_accounts import account_wide, shared_outside
from gate.values import cause_of


@dataclass(slots=True)
class Related:
    types: list[str]
    via: str
    key: str | None
    where: Condition | None

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        others = ctx.index.related(ctx.resource, self.types, self.via, self.key)
        if not others:
            names = " or ".join(self.types)
            return Outcome(False, [Clue(self.via, note=f"no {names} is attached", absent=True)])
        if self.where is None:
            return Outcome(
                True, [Clue(other.address, note=f"{other.address} is attached", cause=other) for other in others]
            )
        return any_of_all(
            caused_by(self.where.evaluate(ctx, other.attributes, other.address), other) for other in others
        )


@dataclass(slots=True)
class ForeignAccount:
    """Some value at the path names an AWS account outside ``approved_accounts`` (or ``all``: public)."""

    parts: tuple[str, ...]
    path: str

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        found = resolve(node, self.parts, prefix)
        values: list[Any] = []
        for _, value in found:
            values.extend(value if isinstance(value, list) else [value])
        verdict, whom = shared_outside(ctx, values, set(ctx.settings.get("approved_accounts", ())))
        where = found[0][0] if found else (f"{prefix}.{self.path}" if prefix else self.path)
        if verdict:
            note = f"{where} shares with {whom}"
            return Outcome(True, [Clue(where, note=note)])
        if verdict is None:
            return Outcome(None, [Clue(where, cause_of(values))])
        return Outcome(False, [Clue(where, note=f"{where} names no account outside the approved ones")])


@dataclass(slots=True)
class ScopeHas:
    """Some resource of ``types`` anywhere in the same scope satisfies ``where`` (an account-wide setting)."""

    types: list[str]
    where: Condition | None

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        others = account_wide(ctx, self.types)
        if not others:
            return Outcome(False, [Clue(self.types[0], note=f"no {' or '.join(self.types)} in this configuration")])
        if self.where is None:
            return Outcome(True, [Clue(others[0].address, note=f"{others[0].address} is present")])
        return any_of(self.where.evaluate(ctx, other.attributes, other.address) for other in others)
