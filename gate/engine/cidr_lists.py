"""The ``cidrs_cover_internet`` helper: do the address ranges at a path, together, cover the internet?

For attributes that are lists of CIDRs without ports (an EKS endpoint's ``public_access_cidrs``, the ranges of
an RDS DB security group): ``0.0.0.0/1`` and ``128.0.0.0/1`` in one list are the internet as surely as
``0.0.0.0/0``. A range known only after apply may be anything (unless it is an attribute of a resource).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gate.engine.cidrs import AddressSet, internet_name, may_be_world, parse_cidr
from gate.engine.outcome import Clue, Outcome
from gate.engine.paths import resolve, split_path
from gate.schema import FORBID
from gate.values import Unknown

if TYPE_CHECKING:
    from gate.engine.conditions import Context


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
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Unknown):
                if may_be_world(item):
                    maybe.add_family(4)
                    maybe.add_family(6)
                    unsure.append(Clue(where, item))
                continue
            if not isinstance(item, str) or not item.strip():
                continue
            network = parse_cidr(item)
            if network is None:
                maybe.add_family(4)
                maybe.add_family(6)
                unsure.append(Clue(where, note=f"{where}: {item!r} is not a CIDR the gate can read"))
                continue
            sure.add(network)
            maybe.add(network)
    where = found[0][0] if found else args.attr
    families = sure.whole_families()
    if families:
        internet = " and ".join(internet_name(v) for v in families)
        return Outcome(True, [Clue(where, note=f"{where} together cover {internet}")])
    if maybe.whole_families():
        return Outcome(None, unsure)
    return Outcome(False, [Clue(where, note=f"{where} does not cover the internet")])
