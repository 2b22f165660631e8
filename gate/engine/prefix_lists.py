"""Managed prefix lists named as the source of a rule, read as the address ranges they hold.

A rule that admits a prefix list admits every entry of it, so a list whose entries cover ``0.0.0.0/0`` (one
entry, or two halves) opens the rule to the internet. Entries come from ``aws_ec2_managed_prefix_list``
(``entry`` blocks), the ``aws_ec2_managed_prefix_list_entry`` resources attached to it, CloudFormation
``AWS::EC2::PrefixList`` ``Entries``, or a data source whose entries a plan knows. A list the scan does not
define is unknown, except an AWS-managed list (its name starts with ``com.amazonaws.``, which customers cannot
use): AWS documents those as the address ranges of AWS services, never the internet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gate.engine.cidrs import AddressSet, add_ranges
from gate.model import Resource
from gate.values import Origin, Unknown

if TYPE_CHECKING:
    from gate.engine.context import Context

LIST_TYPES = ("aws_ec2_managed_prefix_list", "aws_prefix_list", "AWS::EC2::PrefixList")
ENTRY_TYPE = "aws_ec2_managed_prefix_list_entry"
# The prefix list of a gateway endpoint is the AWS-managed list of its service.
SERVICE_LIST_TYPES = ("aws_vpc_endpoint",)
AWS_MANAGED_PREFIX = "com.amazonaws."
# An entry without its range is one the gate cannot read: it may be anything.
_MISSING = Unknown(reason="a prefix list entry without a CIDR")


def add_prefix_list(value: Any, ctx: Context, sure: AddressSet, maybe: AddressSet) -> str:
    """Add the entries of the prefix list ``value`` names to ``sure`` and ``maybe`` (``maybe`` also gets every
    address the list may hold when that is not known); returns why it is unknown, or "" when it is known."""
    lists = _lists_named(value, ctx)
    if lists is None:
        maybe.add_family(4)
        maybe.add_family(6)
        return f"prefix list {value!r} is not defined in this configuration"
    unsure = ""
    for found in lists:
        if found.type in SERVICE_LIST_TYPES or (found.mode == "data" and _aws_managed(found)):
            continue
        entries = _entries(found, ctx)
        if entries is None:
            maybe.add_family(4)
            maybe.add_family(6)
            unsure = f"the entries of {found.address} are known only after apply"
            continue
        why = add_ranges(entries, sure, maybe, (4, 6))
        unsure = unsure or (f"an entry of {found.address}: {why}" if why else "")
    return unsure


def _lists_named(value: Any, ctx: Context) -> list[Resource] | None:
    """The prefix lists (or endpoints) of the scan that ``value`` names; None when it names none of them."""
    resource = ctx.resource
    if isinstance(value, Unknown):
        # Only a list's (or an endpoint's) id used as is names it (docs/values.md): a value derived from one
        # (``replace(aws_vpc_endpoint.s3.prefix_list_id, ...)``) may be any list.
        if value.origin in (Origin.DERIVED, Origin.GAP):  # a plan's unknowns are all "computed": kept
            return None
        # Every reference must name a list (or an endpoint): a value built from anything else may be any list.
        found = []
        for ref in value.refs:
            named = [
                o for o in ctx.index.at(resource.scope, ref) if o.type in LIST_TYPES or o.type in SERVICE_LIST_TYPES
            ]
            if not named:
                return None
            found.extend(named)
        return found or None
    if isinstance(value, str) and value.strip():
        found = ctx.index.with_value(resource, LIST_TYPES, "id", value.strip())
        return found or None
    return None


def _aws_managed(found: Resource) -> bool:
    names = [found.attributes.get("name"), found.attributes.get("PrefixListName")]
    for block in _as_list(found.attributes.get("filter")):
        if isinstance(block, dict) and block.get("name") == "prefix-list-name":
            names.extend(_as_list(block.get("values")))
    known = [n for n in names if n is not None]
    return bool(known) and all(isinstance(n, str) and n.startswith(AWS_MANAGED_PREFIX) for n in known)


def _entries(found: Resource, ctx: Context) -> list[Any] | None:
    """Every entry CIDR of a prefix list (None for unknown ones), or None when the list itself is unknown."""
    attributes = found.attributes
    if found.type == "AWS::EC2::PrefixList":
        return _cidrs(attributes.get("Entries"), "Cidr")
    if found.mode == "data":
        return _cidrs(attributes.get("entries"), "cidr") if "entries" in attributes else None
    cidrs = _cidrs(attributes.get("entry"), "cidr")
    if cidrs is None:
        return None
    for entry in ctx.index.referrers(found, [ENTRY_TYPE], "prefix_list_id"):
        cidrs.append(entry.attributes.get("cidr", _MISSING))
    return cidrs


def _cidrs(blocks: Any, key: str) -> list[Any] | None:
    if isinstance(blocks, Unknown):
        return None
    return [block.get(key, _MISSING) if isinstance(block, dict) else _MISSING for block in _as_list(blocks)]


def _as_list(value: Any) -> Iterable[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
