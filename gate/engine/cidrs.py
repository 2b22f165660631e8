"""CIDRs read the way AWS reads them, and sets of addresses as unions of intervals.

AWS canonicalises a CIDR with host bits set (``100.68.0.18/18`` is stored as ``100.68.0.0/18``, so
``1.2.3.4/0`` is the whole internet), and the internet is whatever a set of rules covers together:
``0.0.0.0/1`` plus ``128.0.0.0/1`` admit every IPv4 address as surely as ``0.0.0.0/0`` does. One helper,
:class:`AddressSet`, keeps the addresses of each family as sorted, disjoint intervals, so that union,
difference and "is this the internet" are exact whatever the spelling or the split.

"The internet" is defined once, here (:meth:`AddressSet.internet_families`), from IANA's registries: every
globally reachable address of the family. For IPv4, every address but the special-purpose blocks that are not
globally reachable (private, shared, loopback, link-local, documentation, benchmarking, reserved) and
multicast; for IPv6, the global unicast block ``2000::/3`` (IANA assigns unicast addresses from it alone)
minus its documentation and transition blocks. So ``2000::/3`` is the IPv6 internet as surely as ``::/0``, and
``0.0.0.0/0`` less the private ranges is still the IPv4 internet; private ranges, however wide, never are.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gate.values import MARKS, Unknown, known_text

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

FAMILY_SIZE = {4: 1 << 32, 6: 1 << 128}
_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


def parse_cidr(text: str) -> Network | None:
    """The network ``text`` names once AWS has canonicalised it; None when it is not an address range.

    Host bits are cleared (AWS does the same) and a prefix or IPv4 octets written with leading zeros
    (``0.0.0.0/00``, ``000.0.0.0/0``) are read as the decimal numbers they spell, so that a spelling the gate
    would refuse can never hide the internet from it.
    """
    text = text.strip()
    address, slash, prefix = text.partition("/")
    address = address.strip()
    prefix = prefix.strip()
    if slash and not (prefix.isascii() and prefix.isdigit()):
        return None
    if _DOTTED.match(address):
        octets = [int(part) for part in address.split(".")]
        if any(o > 255 for o in octets):
            return None
        address = ".".join(map(str, octets))
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    length = int(prefix) if slash else parsed.max_prefixlen
    if length > parsed.max_prefixlen:
        return None
    return ipaddress.ip_network(f"{parsed}/{length}", strict=False)


def _add(intervals: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """``intervals`` (sorted, disjoint, half-open) with [start, end) merged in."""
    merged: list[tuple[int, int]] = []
    placed = False
    for low, high in intervals:
        if high < start:
            merged.append((low, high))
        elif end < low:
            if not placed:
                merged.append((start, end))
                placed = True
            merged.append((low, high))
        else:
            start, end = min(start, low), max(end, high)
    if not placed:
        merged.append((start, end))
    return sorted(merged)


def _remove(intervals: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for low, high in intervals:
        if high <= start or end <= low:
            kept.append((low, high))
            continue
        if low < start:
            kept.append((low, start))
        if end < high:
            kept.append((end, high))
    return kept


@dataclass(slots=True)
class AddressSet:
    """A set of IPv4 and IPv6 addresses, as sorted disjoint half-open intervals per family."""

    spans: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: {4: [], 6: []})

    @classmethod
    def of(cls, *networks: Network) -> AddressSet:
        found = cls()
        for network in networks:
            found.add(network)
        return found

    def add(self, network: Network) -> None:
        start = int(network.network_address)
        self.spans[network.version] = _add(self.spans[network.version], start, start + network.num_addresses)

    def add_family(self, version: int) -> None:
        """Every address of the family: what a source known only after apply may turn out to be."""
        self.spans[version] = [(0, FAMILY_SIZE[version])]

    def update(self, other: AddressSet) -> None:
        for version, spans in other.spans.items():
            for start, end in spans:
                self.spans[version] = _add(self.spans[version], start, end)

    def minus(self, other: AddressSet) -> AddressSet:
        result = AddressSet({version: list(spans) for version, spans in self.spans.items()})
        for version, spans in other.spans.items():
            for start, end in spans:
                result.spans[version] = _remove(result.spans[version], start, end)
        return result

    def internet_families(self) -> list[int]:
        """The families (4, 6) of which the set holds every globally reachable address (see the module's
        docstring): the internet, however its ranges are split."""
        public = self.minus(_NOT_INTERNET)
        return [v for v in (4, 6) if public.spans[v] == _INTERNET.spans[v]]


# IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates): the blocks that are not
# globally reachable, plus IPv4 multicast (RFC 5771) and, for IPv6, everything outside global unicast 2000::/3
# (IANA IPv6 Address Space registry) and the non-native blocks within it (RFC 4380, 3056, 3849, 9637).
_NOT_INTERNET_CIDRS = (
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "::/3",
    "4000::/2",
    "8000::/1",
    "2001::/23",
    "2001:db8::/32",
    "2002::/16",
    "3fff::/20",
)
_NOT_INTERNET = AddressSet.of(*(ipaddress.ip_network(c) for c in _NOT_INTERNET_CIDRS))
_INTERNET = AddressSet.of(ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")).minus(_NOT_INTERNET)


def is_internet(network: Network) -> bool:
    """Is one range open to the internet on its own?"""
    return bool(AddressSet.of(network).internet_families())


_PREFIX_LENGTH = re.compile(r"/\s*(\d+)\s*$")


# A security group takes at most 1,000 rules (its quota raised to the maximum), so partly known ranges of prefix
# length /10 or shorter could together cover a whole family (2^10 = 1,024 of them); longer ones cannot.
MAX_COVERING_PREFIX = 10


def may_be_world(value: Unknown) -> bool:
    """An address range known only after apply may be any range (and, with others, the internet), unless it is an
    identifier used as is (never a CIDR, docs/values.md) or a partly known range whose known prefix length is too
    long for such ranges ever to cover a family together (``10.0.${x}.0/24``; ``${x}/1`` twice may)."""
    if value.concrete:
        return False
    text = known_text(value)
    length = _PREFIX_LENGTH.search(text) if text is not None else None
    if length is None or any(m in length.group(0) for m in MARKS):
        return True
    return int(length.group(1)) <= MAX_COVERING_PREFIX


def add_ranges(
    value: Any, sure: AddressSet, maybe: AddressSet, families: Iterable[int], any_unknown: bool = False
) -> str:
    """Add the ranges of ``value`` (a CIDR or a list of them) to ``sure``, and to ``maybe`` with every address of
    ``families`` for a range that may be anything (``any_unknown``: every unknown may, even a resource's
    attribute); returns why one may be anything ("" when all are known)."""
    why = ""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, Unknown):
            if any_unknown or may_be_world(item):
                for version in families:
                    maybe.add_family(version)
                why = why or "known only after apply"
            continue
        if not isinstance(item, str) or not item.strip():
            continue
        network = parse_cidr(item)
        if network is None:
            for version in families:
                maybe.add_family(version)
            why = why or f"{item!r} is not a CIDR the gate can read"
            continue
        sure.add(network)
        maybe.add(network)
    return why


def internet_name(version: int) -> str:
    return "0.0.0.0/0" if version == 4 else "the IPv6 internet (2000::/3)"
