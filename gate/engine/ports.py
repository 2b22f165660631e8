"""Protocols and port ranges of network rules, as AWS reads them.

EC2 takes a protocol name (``tcp``, ``udp``, ``icmp``, ``icmpv6``) or an IANA number, ``-1`` (``all`` in
Terraform) for every protocol; a number other than 6 (tcp), 17 (udp), 1 (icmp) or 58 (icmpv6) opens every
port of that protocol whatever range is written (``IpPermission`` in the EC2 API reference). A value the
gate cannot read is unknown, never "no protocol".
"""

from __future__ import annotations

from typing import Any

from gate.engine.compare import as_number
from gate.values import Unknown

ALL = "all"
PORTED = ("tcp", "udp")
_NAMES = {"tcp", "udp", "icmp", "icmpv6"}
_NUMBERS = {-1: ALL, 6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6"}

MIN_PORT, MAX_PORT = 0, 65535


def protocol_of(raw: Any) -> str | None:
    """``all``, ``tcp``, ``udp``, ``icmp``, ``icmpv6`` or ``other`` (any other IANA number); None when unknown.

    A rule that leaves the protocol out is read as every protocol: nothing narrower is certain.
    """
    if isinstance(raw, Unknown) or isinstance(raw, bool):
        return None
    if raw is None:
        return ALL
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in _NAMES:
            return text
        if text == ALL:
            return ALL
        raw = text
    number = as_number(raw)
    if number is None or number != int(number):
        return None
    value = int(number)
    if value in _NUMBERS:
        return _NUMBERS[value]
    return "other" if 0 <= value <= 255 else None


def _bound(raw: Any) -> float | None | Unknown:
    """A port bound: a number, None when absent or -1 (the whole range), an Unknown when not known."""
    if isinstance(raw, Unknown):
        return raw
    number = as_number(raw)
    return None if number is None or number < 0 else number


def port_reach(protocol: str | None, low_raw: Any, high_raw: Any, wanted: str, port: int) -> bool | None:
    """Does a rule of ``protocol`` with bounds ``low_raw``-``high_raw`` admit ``wanted`` (tcp or udp) on ``port``?"""
    if protocol is None:
        return None
    if protocol == ALL:
        return True
    if protocol != wanted:
        return False
    low, high = _bound(low_raw), _bound(high_raw)
    # AWS requires low <= high: a known bound alone can rule a port out.
    if isinstance(low, (int, float)) and port < low:
        return False
    if isinstance(high, (int, float)) and port > high:
        return False
    if isinstance(low, Unknown) or isinstance(high, Unknown):
        return None
    return True


def breakpoints(bounds: list[tuple[Any, Any]]) -> list[int]:
    """The first port of each stretch of ports on which every rule's range is uniform, for ``bounds``."""
    points = {MIN_PORT}
    for low_raw, high_raw in bounds:
        low, high = _bound(low_raw), _bound(high_raw)
        if isinstance(low, (int, float)) and MIN_PORT <= low <= MAX_PORT:
            points.add(int(low))
        if isinstance(high, (int, float)) and MIN_PORT <= high < MAX_PORT:
            points.add(int(high) + 1)
    return sorted(points)
