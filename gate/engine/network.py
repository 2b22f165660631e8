"""Ingress rules, wherever they are written: inline in a security group or network ACL, or as separate rule
resources attached to it (``aws_security_group_rule``, ``aws_vpc_security_group_ingress_rule``,
``aws_network_acl_rule``, ``AWS::EC2::SecurityGroupIngress``, ``AWS::EC2::NetworkAclEntry``)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gate.engine.compare import as_number
from gate.engine.outcome import Clue, Outcome, all_of, any_of_all, caused_by
from gate.model import Resource
from gate.schema import FORBID
from gate.values import MARKS, Unknown, cause_of, known_text

if TYPE_CHECKING:
    from gate.engine.conditions import Context


@dataclass(frozen=True, slots=True)
class RuleFields:
    """Where a rule keeps its sources, protocol and ports (dotted paths), and, for network ACLs, its action."""

    cidrs: tuple[str, ...]
    protocol: str
    from_port: str
    to_port: str
    allow: tuple[str, str] | None = None  # (attribute, value meaning allow); security group rules always allow
    number: str | None = None  # network ACLs: rules apply in this order, the first that matches decides


TF_RULE = RuleFields(("cidr_blocks", "ipv6_cidr_blocks"), "protocol", "from_port", "to_port")
TF_VPC_RULE = RuleFields(("cidr_ipv4", "cidr_ipv6"), "ip_protocol", "from_port", "to_port")
CFN_RULE = RuleFields(("CidrIp", "CidrIpv6"), "IpProtocol", "FromPort", "ToPort")
TF_NACL = RuleFields(("cidr_block", "ipv6_cidr_block"), "protocol", "from_port", "to_port", ("action", "allow"), "rule_no")
TF_NACL_RULE = RuleFields(
    ("cidr_block", "ipv6_cidr_block"), "protocol", "from_port", "to_port", ("rule_action", "allow"), "rule_number"
)
CFN_NACL = RuleFields(
    ("CidrBlock", "Ipv6CidrBlock"), "Protocol", "PortRange.From", "PortRange.To", ("RuleAction", "allow"), "RuleNumber"
)

# Resource type -> (attribute holding inline rules, their fields)
INLINE_RULES: dict[str, tuple[str, RuleFields]] = {
    "aws_security_group": ("ingress", TF_RULE),
    "aws_default_security_group": ("ingress", TF_RULE),
    "AWS::EC2::SecurityGroup": ("SecurityGroupIngress", CFN_RULE),
    "aws_network_acl": ("ingress", TF_NACL),
    "aws_default_network_acl": ("ingress", TF_NACL),
    "AWS::EC2::NetworkAcl": ("", CFN_NACL),  # entries are always separate resources
}


def _not_true(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str) and value.lower() == "false")


@dataclass(frozen=True, slots=True)
class RuleResource:
    fields: RuleFields
    attach: str  # the attribute that names the group or ACL
    ingress: tuple[str, Callable[[Any], bool]] | None = None  # (attribute, test) that makes it an ingress rule


# Rule resource type -> how to read it and how it is attached
RULE_RESOURCES: dict[str, RuleResource] = {
    "aws_security_group_rule": RuleResource(TF_RULE, "security_group_id", ("type", lambda v: v == "ingress")),
    "aws_vpc_security_group_ingress_rule": RuleResource(TF_VPC_RULE, "security_group_id"),
    "AWS::EC2::SecurityGroupIngress": RuleResource(CFN_RULE, "GroupId"),
    "aws_network_acl_rule": RuleResource(TF_NACL_RULE, "network_acl_id", ("egress", _not_true)),
    "AWS::EC2::NetworkAclEntry": RuleResource(CFN_NACL, "NetworkAclId", ("Egress", _not_true)),
}
GROUP_TYPES = tuple(INLINE_RULES)


@dataclass(slots=True, kw_only=True)
class IngressOpenArgs:
    """``ports``: any of these reachable; ``all_ports``: every port reachable (all protocols or 0-65535)."""

    __pydantic_config__ = FORBID
    ports: list[int] = field(default_factory=list)
    all_ports: bool = False

    def __post_init__(self) -> None:
        if bool(self.ports) == self.all_ports:
            raise ValueError("give either 'ports' or 'all_ports: true'")


def _rules(resource: Resource, ctx: Context) -> Iterator[tuple[str, dict[str, Any], RuleFields]]:
    """Every ingress rule that applies to ``resource``: (label, rule attributes, fields)."""
    inline = INLINE_RULES.get(resource.type)
    if inline is not None:
        attribute, fields = inline
        rules = resource.attributes.get(attribute) if attribute else None
        if isinstance(rules, dict):
            rules = [rules]
        if isinstance(rules, list):
            for i, rule in enumerate(rules):
                if isinstance(rule, dict):
                    yield f"{attribute}[{i}]", rule, fields
        for rule_type, spec in RULE_RESOURCES.items():
            for other in ctx.index.referrers(resource, [rule_type], spec.attach):
                if _is_ingress(other, spec):
                    yield other.address, other.attributes, spec.fields
    own = RULE_RESOURCES.get(resource.type)
    if own is not None and _is_ingress(resource, own):
        yield "rule", resource.attributes, own.fields


def _is_ingress(resource: Resource, spec: RuleResource) -> bool:
    if spec.ingress is None:
        return True
    attribute, test = spec.ingress
    return test(resource.attributes.get(attribute))


def _get(rule: dict[str, Any], path: str) -> Any:
    value: Any = rule
    for part in path.split("."):
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _allows(rule: dict[str, Any], fields: RuleFields) -> bool | None:
    if fields.allow is None:
        return True
    attribute, wanted = fields.allow
    value = _get(rule, attribute)
    if isinstance(value, Unknown):
        return None
    return isinstance(value, str) and value.lower() == wanted


_PREFIX_LENGTH = re.compile(r"/\s*(\d+)\s*$")


def _world(value: Any) -> bool | None:
    if isinstance(value, Unknown):
        if value.concrete:  # an identifier (or the account, the partition) is no CIDR
            return False
        text = known_text(value)
        length = _PREFIX_LENGTH.search(text) if text is not None else None
        # "10.0.${x}.0/24": a known prefix length other than 0 is never the internet
        return False if length is not None and int(length.group(1)) > 0 and not any(m in length.group(0) for m in MARKS) else None
    if not isinstance(value, str):
        return False
    try:
        return ipaddress.ip_network(value.strip(), strict=False).prefixlen == 0
    except ValueError:
        return False


def _field_paths(fields: RuleFields) -> list[str]:
    paths = [*fields.cidrs, fields.protocol, fields.from_port, fields.to_port]
    return paths + ([fields.allow[0]] if fields.allow else [])


def _open_cidr(rule: dict[str, Any], fields: RuleFields) -> tuple[bool | None, str]:
    unsure = ""
    for name in fields.cidrs:
        value = _get(rule, name)
        values = value if isinstance(value, list) else [value]
        for item in values:
            verdict = _world(item)
            if verdict:
                return True, str(item).strip()
            if verdict is None:
                unsure = name
    return (None, unsure) if unsure else (False, "")


_ALL = {"-1", "all"}
_PORTED = {"tcp", "udp", "6", "17"}


def _port_range(rule: dict[str, Any], fields: RuleFields) -> tuple[float, float] | None:
    """The port range a tcp/udp rule opens, None when unknown. Missing or -1 bounds mean the whole range."""
    low_raw, high_raw = _get(rule, fields.from_port), _get(rule, fields.to_port)
    if isinstance(low_raw, Unknown) or isinstance(high_raw, Unknown):
        return None
    low, high = as_number(low_raw), as_number(high_raw)
    low = 0 if low is None or low < 0 else low
    high = 65535 if high is None or high < 0 else high
    return low, high


def _reaches(rule: dict[str, Any], fields: RuleFields, args: IngressOpenArgs) -> tuple[bool | None, str]:
    protocol_raw = _get(rule, fields.protocol)
    if isinstance(protocol_raw, Unknown):
        return None, "protocol known only after apply"
    protocol = str(protocol_raw).strip().lower() if protocol_raw is not None else "-1"
    if protocol in _ALL:
        return True, "all ports and protocols"
    if protocol not in _PORTED:
        return False, ""
    span = _port_range(rule, fields)
    if span is None:
        return None, "ports known only after apply"
    low, high = span
    if args.all_ports:
        return (low <= 1 and high >= 65535), f"ports {int(low)}-{int(high)}"
    hits = [p for p in args.ports if low <= p <= high]
    if not hits:
        return False, ""
    where = f"port {hits[0]}" if low == high else f"ports {int(low)}-{int(high)} (including {hits[0]})"
    return True, where


def _shadowed(rules: list[tuple[str, dict[str, Any], RuleFields]], args: IngressOpenArgs) -> set[str]:
    """Network ACL allow rules that a lower-numbered deny rule for the internet overrides on every port asked
    about (first match wins): the usual deny 22/3389 before a 1024-65535 allow for return traffic."""
    numbered = []
    for label, rule, fields in rules:
        number = as_number(_get(rule, fields.number)) if fields.number else None
        if number is None:
            return set()  # an unknown order decides nothing
        numbered.append((number, label, rule, fields))
    if args.all_ports or not numbered:
        return set()
    shadowed: set[str] = set()
    for number, label, rule, fields in numbered:
        if _allows(rule, fields) is not True:
            continue
        ports = [p for p in args.ports if _covers_port(rule, fields, p)]
        if ports and all(
            any(
                n < number and _allows(r, f) is False and _open_cidr(r, f)[0] and _covers_port(r, f, p)
                for n, _, r, f in numbered
            )
            for p in ports
        ):
            shadowed.add(label)
    return shadowed


def _covers_port(rule: dict[str, Any], fields: RuleFields, port: int) -> bool:
    reach, _ = _reaches(rule, fields, IngressOpenArgs(ports=[port]))
    return reach is True


def ingress_open(args: IngressOpenArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when some ingress rule of the resource admits the whole internet (0.0.0.0/0 or ::/0) to the ports."""
    outcomes = []
    rules = list(_rules(ctx.resource, ctx))
    acl_rules = [r for r in rules if r[2].number is not None]
    shadowed = _shadowed(acl_rules, args) if acl_rules else set()
    for label, rule, fields in rules:
        if label in shadowed:
            continue
        allowed = _allows(rule, fields)
        if allowed is False:
            continue
        world, cidr = _open_cidr(rule, fields)
        reach, ports = _reaches(rule, fields, args)
        if world and reach and allowed:
            outcomes.append(_caused(ctx, label, Outcome(True, [Clue(label, note=f"{label} allows {cidr} on {ports}")])))
            continue
        parts = [
            Outcome(world, [Clue(label, note=f"{label}: {cidr or 'source'} known only after apply")]),
            Outcome(reach, [Clue(label, note=f"{label}: {ports}")]),
            Outcome(allowed, [Clue(label, note=f"{label}: rule action known only after apply")]),
        ]
        outcome = all_of(parts)
        if outcome.value is None:  # the rule's unknown fields are why (an evaluation gap among them first)
            cause = cause_of([_get(rule, path) for path in _field_paths(fields)])
            outcome.clues = [Clue(clue.path, cause, clue.note) for clue in outcome.clues]
        outcomes.append(_caused(ctx, label, outcome))
    outcome = any_of_all(outcomes)  # every rule that opens it: each rule resource is a finding of its own
    if outcome.value is False:
        outcome.clues = [Clue("ingress", note="no ingress rule admits the internet")]
    return outcome


def _caused(ctx: Context, label: str, outcome: Outcome) -> Outcome:
    """A rule written as its own resource (labelled by its address) causes what it opens; inline rules are the
    judged resource's own."""
    others = [r for r in ctx.index.at(ctx.resource.scope, label) if r is not ctx.resource]
    return caused_by(outcome, others[0]) if others else outcome
