"""The ``provider_at_least`` helper: does the configuration require a provider version at least V?

Some provider defaults changed with a major version (the AWS provider's ``aws_redshift_cluster.publicly_accessible``
defaults to ``false`` from 6.0, ``true`` before: Version 6 Upgrade Guide). Which default applies depends on the
version Terraform selects, which is one the configuration's constraints allow (``required_providers`` of every
module: https://developer.hashicorp.com/terraform/language/expressions/version-constraints). The helper is true
only when *every* version the constraints allow is at least V: when they allow an older one (no constraint at all,
``>= 5.0``, ``~> 5.90``), the older default decides (fail closed). A constraint the gate cannot read constrains
nothing. CloudFormation has no provider: false.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gate.engine.outcome import Clue, Outcome
from gate.schema import FORBID

if TYPE_CHECKING:
    from gate.engine.context import Context

Version = tuple[int, int, int]
_CONSTRAINT = re.compile(r"^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?\s*$")


@dataclass(slots=True, kw_only=True)
class ProviderAtLeastArgs:
    """``provider``: its source (``hashicorp/aws``); ``version``: the first version with the default judged."""

    __pydantic_config__ = FORBID
    provider: str
    version: str


def parse_version(text: str) -> Version:
    match = _CONSTRAINT.match(text)
    if match is None or match.group(1):
        raise ValueError(f"not a version: {text!r}")
    return int(match.group(2)), int(match.group(3) or 0), int(match.group(4) or 0)


def lowest_allowed(constraints: tuple[str, ...] | list[str]) -> tuple[Version, bool] | None:
    """The lower bound of the versions ``constraints`` allow together, and whether it is itself excluded (``>``);
    None when they set no lower bound (or one the gate cannot read, which then constrains nothing)."""
    best: tuple[Version, bool] | None = None
    for constraint in constraints:
        for part in constraint.split(","):
            match = _CONSTRAINT.match(part)
            if match is None:
                continue
            op = match.group(1) or "="
            if op not in ("=", ">=", ">", "~>"):
                continue  # upper bounds and exclusions do not raise the lowest version allowed
            bound = (int(match.group(2)), int(match.group(3) or 0), int(match.group(4) or 0))
            candidate = (bound, op == ">")
            if best is None or candidate > best:
                best = candidate
    return best


def provider_at_least(args: ProviderAtLeastArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when every version of ``args.provider`` the resource's configuration allows is ``args.version`` or
    later; false (the older default decides) otherwise."""
    wanted = parse_version(args.version)
    constraints = ctx.resource.provider_versions.get(args.provider, ())
    where = f"required_providers {args.provider}"
    low = lowest_allowed(constraints)
    if low is None:
        why = "sets no version" if not constraints else f'allows any version ("{", ".join(constraints)}")'
        return Outcome(
            False,
            [
                Clue(
                    where,
                    note=f"the configuration {why} of {args.provider}: versions before {args.version} keep the older default",
                )
            ],
        )
    shown = ", ".join(constraints)
    if low[0] >= wanted:
        return Outcome(True, [Clue(where, note=f'{args.provider} "{shown}" requires {args.version} or later')])
    return Outcome(
        False,
        [
            Clue(
                where,
                note=f'{args.provider} "{shown}" allows versions before {args.version}, which keep the older default',
            )
        ],
    )
