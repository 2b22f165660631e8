"""A set of network rules judged together, as AWS applies them.

Security group rules all allow, and a packet is admitted when any rule admits it; network ACL entries apply in
rule-number order and the first that matches decides. Either way the question is the same: do the rules,
together, admit every IPv4 or every IPv6 address to a protocol and port? Each rule carries the addresses it
surely admits and those it may admit once unknown values are known, so the answer is true, false, or unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gate.engine.cidrs import AddressSet
from gate.engine.ports import port_reach

Tri = bool | None


@dataclass(slots=True)
class Rule:
    """One ingress rule as read: where it is, whether it is inbound, its action and order (network ACLs),
    protocol and raw port bounds, and the addresses it surely admits (``sure``) and may admit (``maybe``)."""

    label: str
    inbound: Tri
    allows: Tri = True
    ordered: bool = False  # a network ACL entry: ``number`` orders it
    number: float | None = None
    protocol: str | None = None
    low: Any = None
    high: Any = None
    sure: AddressSet = field(default_factory=AddressSet)
    maybe: AddressSet = field(default_factory=AddressSet)
    unsure: str = ""
    listed: bool = False  # some of its addresses come from prefix lists
    unknown: Any = None  # the unknown among its fields that keeps it undecided (an evaluation gap first)


@dataclass(slots=True)
class Coverage:
    value: Tri
    labels: list[str]  # the rules that together admit the internet
    families: list[int]  # 4 and/or 6: which internet
    unsure: list[str]  # why it is unknown


def _order(rules: list[Rule], first: Callable[[Rule], bool]) -> list[Rule]:
    """Rules in the order they apply; a network ACL entry whose number is unknown is put where it does most
    harm to the conclusion drawn (``first`` says which of them go before every other)."""

    def key(rule: Rule) -> float:
        if not rule.ordered:
            return 0.0
        if rule.number is None:
            return float("-inf") if first(rule) else float("inf")
        return rule.number

    return sorted(rules, key=key)


def coverage(rules: list[Rule], protocol: str, port: int) -> Coverage:
    """Do the rules together admit every IPv4 or IPv6 address to ``protocol``/``port``? First match wins."""
    reach = {id(r): port_reach(r.protocol, r.low, r.high, protocol, port) for r in rules}

    def certain(rule: Rule) -> bool:
        return rule.inbound is True and reach[id(rule)] is True

    def possible(rule: Rule) -> bool:
        return rule.inbound is not False and reach[id(rule)] is not False

    # Possibly admitted: by a rule that may match and may allow, minus what an earlier rule surely denies.
    possibly, surely_denied, unsure = AddressSet(), AddressSet(), []
    for rule in _order(rules, lambda r: r.allows is not False):
        if not possible(rule):
            continue
        if rule.allows is not False:
            possibly.update(rule.maybe.minus(surely_denied))
            unsure.append(_why_unsure(rule, reach[id(rule)]))
        if rule.allows is False and certain(rule):
            surely_denied.update(rule.sure)
    possible_families = possibly.internet_families()
    if not possible_families:
        return Coverage(False, [], [], [])
    # Surely admitted: by a rule that surely matches and allows, minus what an earlier rule may deny.
    surely, maybe_denied, labels = AddressSet(), AddressSet(), []
    for rule in _order(rules, lambda r: r.allows is not True):
        if not possible(rule):
            continue
        if rule.allows is True and certain(rule):
            surely.update(rule.sure.minus(maybe_denied))
            if any(rule.sure.spans.values()):
                labels.append(rule.label)
        if rule.allows is not True:
            maybe_denied.update(rule.maybe)
    families = surely.internet_families()
    if families:
        return Coverage(True, labels, families, [])
    return Coverage(None, [], possible_families, [u for u in unsure if u])


def _why_unsure(rule: Rule, reach: Tri) -> str:
    if rule.inbound is None:
        return f"{rule.label}: whether it is an ingress rule is known only after apply"
    if rule.allows is None:
        return f"{rule.label}: rule action known only after apply"
    if reach is None:
        return f"{rule.label}: protocol or ports known only after apply"
    return rule.unsure
