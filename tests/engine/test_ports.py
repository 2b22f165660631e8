"""Protocols and ports as EC2 reads them (IpPermission in the EC2 API reference)."""

from __future__ import annotations

from typing import Any

import pytest

from gate.engine.ports import breakpoints, port_reach, protocol_of
from gate.values import Unknown


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("tcp", "tcp"),
        ("TCP", "tcp"),
        ("6", "tcp"),
        (6, "tcp"),
        (" 17 ", "udp"),
        ("-1", "all"),
        (-1, "all"),
        ("all", "all"),
        ("1", "icmp"),
        ("58", "icmpv6"),
        ("icmpv6", "icmpv6"),
        ("132", "other"),
        (None, "all"),
        ("6.0", "tcp"),
        (Unknown(), None),
        ("sctp", None),
        ("256", None),
        (True, None),
        ("6.5", None),
    ],
)
def test_protocol_of(raw: Any, expected: str | None) -> None:
    assert protocol_of(raw) == expected


def test_port_reach_with_known_and_unknown_bounds() -> None:
    assert port_reach("tcp", 20, 25, "tcp", 22) is True
    assert port_reach("tcp", 20, 25, "udp", 22) is False
    assert port_reach("all", 0, 0, "tcp", 22) is True  # -1 with from 0 / to 0: every port
    assert port_reach("other", 0, 0, "tcp", 22) is False
    assert port_reach("tcp", 0, 0, "tcp", 22) is False
    assert port_reach("tcp", Unknown(), 25, "tcp", 22) is None
    assert port_reach("tcp", Unknown(), 20, "tcp", 22) is False  # AWS requires from <= to
    assert port_reach("tcp", 30, Unknown(), "tcp", 22) is False
    assert port_reach("tcp", None, None, "tcp", 22) is True
    assert port_reach(None, 22, 22, "tcp", 22) is None


def test_breakpoints_split_the_port_space_where_ranges_start_and_end() -> None:
    assert breakpoints([(0, 1023), (1024, 65535)]) == [0, 1024]
    assert breakpoints([(22, 22), (Unknown(), 80)]) == [0, 22, 23, 81]
