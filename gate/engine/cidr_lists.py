"""The ``cidrs_cover_internet`` helper: do the address ranges at a path, together, cover the internet?

For attributes that are lists of CIDRs without ports (an EKS endpoint's ``public_access_cidrs``, the ranges of
an RDS DB security group): ``0.0.0.0/1`` and ``128.0.0.0/1`` in one list are the internet as surely as
``0.0.0.0/0``. A range known only after apply may be anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gate.engine.cidrs import AddressSet, add_ranges, internet_name
from gate.engine.outcome import Clue, Outcome
from gate.engine.paths import resolve, split_path
from gate.schema import FORBID

if TYPE_CHECKING:
    from gate.engine.context import Context


@dataclass(slots=True, kw_only=True)
class CidrsCoverInternetArgs:
    """``attr``: the path of the CIDRs (a list, a string, or a path that fans out over blocks)."""

    __pydantic_config__ = FORBID
    attr: str


def cidrs_cover_internet(args: CidrsCoverInternetArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when the ranges at ``args.attr`` together hold every IPv4 or every IPv6 address."""
    sure, maybe = AddressSet(), AddressSet()
    unsure: list[Clue] = []
    found = resolve(node, split_path(args.attr), prefix)
    for where, value in found:
        # No resource attribute is a list of access ranges: a plan leaves an omitted list (whose default is
        # 0.0.0.0/0) unknown, with the references of its enclosing block.
        why = add_ranges(value, sure, maybe, (4, 6), any_unknown=True)
        if why:
            unsure.append(Clue(where, note=f"{where} {why}"))
    where = found[0][0] if found else args.attr
    families = sure.internet_families()
    if families:
        internet = " and ".join(internet_name(v) for v in families)
        return Outcome(True, [Clue(where, note=f"{where} together cover {internet}")])
    if maybe.internet_families():
        return Outcome(None, unsure)
    return Outcome(False, [Clue(where, note=f"{where} does not cover the internet")])
