"""IP network functions: https://developer.hashicorp.com/terraform/language/functions (section "IP Network
Functions").

Terraform parses addresses with a copy of Go's parser from before Go 1.17, which reads IPv4 octets with leading
zeros as decimal (``010.0.0.0/8`` is ``10.0.0.0/8``); a prefix with host bits set names its network. Subnets are
computed arithmetically, never enumerated, so ``cidrsubnet("::/0", 64, ...)`` costs nothing.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from gate.loaders.functions.base import Function, FunctionError, check_size, scalar, to_int, to_str

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_network(text: Any) -> Network:
    """A CIDR prefix as Terraform reads it."""
    value = to_str(text)
    address, slash, length = value.partition("/")
    # Go's ParseCIDR takes a prefix length in decimal digits only (Python also takes a netmask, "/255.0.0.0", or
    # a host mask) and an address without an IPv6 zone ("%eth0"): https://pkg.go.dev/net#ParseCIDR
    if not slash or not (length.isascii() and length.isdigit()) or "%" in address:
        raise FunctionError(f"invalid CIDR expression: {value!r}")
    if "." in address and ":" not in address:
        octets = address.split(".")
        if len(octets) == 4 and all(o.isdigit() and len(o) <= 3 for o in octets):
            address = ".".join(str(int(o)) for o in octets)
    try:
        return ipaddress.ip_network(f"{address}/{length}", strict=False)
    except ValueError:
        raise FunctionError(f"invalid CIDR expression: {value!r}") from None


def _subnet(network: Network, newbits: int, netnum: int) -> Network:
    new_prefix = network.prefixlen + newbits
    if newbits < 0 or new_prefix > network.max_prefixlen:
        raise FunctionError(
            f"cidrsubnet: insufficient address space to extend prefix of {network.prefixlen} by {newbits}"
        )
    if netnum < 0 or netnum >= 1 << newbits:
        raise FunctionError(
            f"cidrsubnet: prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        )
    first = int(network.network_address) + (netnum << (network.max_prefixlen - new_prefix))
    return type(network)((first, new_prefix))


def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> Any:
    return str(_subnet(parse_network(prefix), to_int(newbits), to_int(netnum)))


def _cidrhost(prefix: Any, hostnum: Any) -> Any:
    """The host numbered ``hostnum`` in the prefix; a negative number counts back from its last address."""
    network = parse_network(prefix)
    number = to_int(hostnum)
    if number < 0:
        number += network.num_addresses
    if not 0 <= number < network.num_addresses:
        raise FunctionError(
            f"cidrhost: prefix of {network.prefixlen} does not accommodate a host numbered {to_int(hostnum)}"
        )
    return str(network.network_address + number)


def _cidrnetmask(prefix: Any) -> Any:
    network = parse_network(prefix)
    if network.version != 4:
        raise FunctionError("cidrnetmask: only IPv4 prefixes have a netmask")
    return str(network.netmask)


def _cidrsubnets(prefix: Any, *newbits: Any) -> Any:
    """Consecutive subnets of the given sizes, each aligned to its own size (Terraform's allocation)."""
    network = parse_network(prefix)
    bits = network.max_prefixlen
    check_size(list(newbits), "cidrsubnets")
    out: list[str] = []
    start = int(network.network_address)
    last_of_network = int(network.broadcast_address)
    position = start
    for extra in (to_int(n) for n in newbits):
        length = network.prefixlen + extra
        if extra > 32:  # Terraform's own rule (internal/lang/funcs/cidr.go), even for IPv6
            raise FunctionError("cidrsubnets: may not extend prefix by more than 32 bits")
        if extra < 1 or length > bits:
            raise FunctionError(f"cidrsubnets: would extend prefix to {length} bits, which is too long")
        size = 1 << (bits - length)
        position = -(-position // size) * size  # aligned up to the subnet's own size
        if position + size - 1 > last_of_network:
            raise FunctionError(
                f"cidrsubnets: not enough remaining address space for a subnet with a prefix of {length} bits"
            )
        out.append(str(type(network)((position, length))))
        position += size
    return out


FUNCTIONS: dict[str, Function] = {
    "cidrhost": scalar(_cidrhost),
    "cidrnetmask": scalar(_cidrnetmask),
    "cidrsubnet": scalar(_cidrsubnet),
    "cidrsubnets": scalar(_cidrsubnets),
}
