"""CIDRs as AWS canonicalises them, and address sets as unions of intervals."""

from __future__ import annotations

import ipaddress

import pytest

from gate.engine.cidrs import AddressSet, parse_cidr


@pytest.mark.parametrize(
    "text,expected",
    [
        ("0.0.0.0/0", "0.0.0.0/0"),
        (" 0.0.0.0/0 ", "0.0.0.0/0"),
        ("0.0.0.0/00", "0.0.0.0/0"),
        ("000.0.0.0/0", "0.0.0.0/0"),
        ("1.2.3.4/0", "0.0.0.0/0"),  # AWS canonicalises host bits away: 100.68.0.18/18 is 100.68.0.0/18
        ("100.68.0.18/18", "100.68.0.0/18"),
        ("010.000.000.000/8", "10.0.0.0/8"),
        ("10.0.0.1", "10.0.0.1/32"),
        ("::/0", "::/0"),
        ("2001:db8::1/0", "::/0"),
        ("8000::/1", "8000::/1"),
    ],
)
def test_parse_cidr_reads_what_aws_stores(text: str, expected: str) -> None:
    assert parse_cidr(text) == ipaddress.ip_network(expected)


@pytest.mark.parametrize(
    "text", ["", "0.0.0.0/", "0.0.0.0/33", "256.0.0.0/8", "0.0.0.0/-1", "sg-123", "::/129", "1.2.3/8"]
)
def test_parse_cidr_refuses_what_is_not_a_range(text: str) -> None:
    assert parse_cidr(text) is None


def net(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(text)


@pytest.mark.parametrize(
    "cidrs,families",
    [
        (["0.0.0.0/0"], [4]),
        (["0.0.0.0/1", "128.0.0.0/1"], [4]),
        (["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"], [4]),
        (["0.0.0.0/1", "128.0.0.0/2"], []),
        (
            [
                "0.0.0.0/5",
                "8.0.0.0/7",
                "11.0.0.0/8",
                "12.0.0.0/6",
                "16.0.0.0/4",
                "32.0.0.0/3",
                "64.0.0.0/2",
                "128.0.0.0/1",
            ],
            [4],
        ),  # every address but 10.0.0.0/8 (private): the whole internet
        (["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"], []),  # private, however wide
        (["2000::/3"], [6]),  # IANA: every global unicast IPv6 address
        (["2000::/4", "3000::/4"], [6]),
        (["2000::/4", "3000::/5"], []),
        (["2000::/3", "10.0.0.0/8"], [6]),
        (["fc00::/7", "fe80::/10", "::1/128"], []),
        (["::/1", "8000::/1"], [6]),
        (["0.0.0.0/1", "128.0.0.0/1", "::/0"], [4, 6]),
        (
            [
                "10.0.0.0/8",
                "0.0.0.0/5",
                "8.0.0.0/7",
                "11.0.0.0/8",
                "12.0.0.0/6",
                "16.0.0.0/4",
                "32.0.0.0/3",
                "64.0.0.0/2",
                "128.0.0.0/1",
            ],
            [4],
        ),
    ],
)
def test_unions_that_cover_the_internet(cidrs: list[str], families: list[int]) -> None:
    assert AddressSet.of(*(net(c) for c in cidrs)).internet_families() == families


def test_difference_takes_away_what_an_earlier_deny_matched() -> None:
    everything = AddressSet.of(net("0.0.0.0/0"))
    assert everything.minus(AddressSet.of(net("10.0.0.0/8"))).internet_families() == [4]  # still every public address
    assert everything.minus(AddressSet.of(net("8.8.8.8/32"))).internet_families() == []
    assert everything.minus(AddressSet.of(net("::/0"))).internet_families() == [4]
    some = AddressSet()
    some.add_family(6)
    assert some.internet_families() == [6]
