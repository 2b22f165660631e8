"""Ingress rules, wherever they are written: inline in a security group or network ACL, or as separate rule
resources attached to it (``aws_security_group_rule``, ``aws_vpc_security_group_ingress_rule``,
``aws_network_acl_rule``, ``AWS::EC2::SecurityGroupIngress``, ``AWS::EC2::NetworkAclEntry``).

A resource is open to the internet on a port when its rules *together* admit every IPv4 or every IPv6 address
there: the CIDRs and prefix-list entries of all its rules are one set of addresses (``gate.engine.cidrs``),
so ``0.0.0.0/1`` in one rule and ``128.0.0.0/1`` in another open it as surely as ``0.0.0.0/0``. A rule whose
direction, protocol, ports or sources are not known counts as possibly matching: the answer is then unknown,
never "closed".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gate.engine.cidrs import AddressSet, add_ranges, internet_name
from gate.engine.compare import as_bool, as_number
from gate.engine.outcome import Clue, Outcome, caused_by
from gate.engine.ports import MAX_PORT, PORTED, breakpoints, protocol_of
from gate.engine.prefix_lists import add_prefix_list
from gate.engine.rule_sets import Coverage, Rule, Tri, coverage
from gate.model import FORMAT_PLAN, Resource
from gate.schema import FORBID
from gate.values import Unknown, cause_of

if TYPE_CHECKING:
    from gate.engine.context import Context


@dataclass(frozen=True, slots=True)
class RuleFields:
    """Where a rule keeps its sources (IPv4 then IPv6 CIDRs, prefix lists), protocol and ports (dotted paths),
    and, for network ACLs, its action and number."""

    cidrs: tuple[str, str]
    protocol: str
    from_port: str
    to_port: str
    allow: tuple[str, str] | None = None  # (attribute, value meaning allow); security group rules always allow
    number: str | None = None  # network ACLs: rules apply in this order, the first that matches decides
    prefix_lists: tuple[str, ...] = ()


TF_RULE = RuleFields(
    ("cidr_blocks", "ipv6_cidr_blocks"), "protocol", "from_port", "to_port", prefix_lists=("prefix_list_ids",)
)
TF_VPC_RULE = RuleFields(
    ("cidr_ipv4", "cidr_ipv6"), "ip_protocol", "from_port", "to_port", prefix_lists=("prefix_list_id",)
)
CFN_RULE = RuleFields(("CidrIp", "CidrIpv6"), "IpProtocol", "FromPort", "ToPort", prefix_lists=("SourcePrefixListId",))
TF_NACL = RuleFields(
    ("cidr_block", "ipv6_cidr_block"), "protocol", "from_port", "to_port", ("action", "allow"), "rule_no"
)
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


def _sg_type(value: Any) -> Tri:
    """``aws_security_group_rule.type``: the provider accepts exactly ``ingress`` or ``egress``."""
    if isinstance(value, str) and value in ("ingress", "egress"):
        return value == "ingress"
    return None


def _acl_egress(value: Any) -> Tri:
    """A network ACL entry's ``egress``/``Egress`` flag (false when left out), read as "is it inbound"."""
    if value is None:
        return True
    egress = as_bool(value)
    return None if egress is None else not egress


@dataclass(frozen=True, slots=True)
class RuleResource:
    fields: RuleFields
    attach: str  # the attribute that names the group or ACL
    inbound: tuple[str, Callable[[Any], Tri]] | None = None  # (attribute, test): is it an ingress rule


# Rule resource type -> how to read it and how it is attached
RULE_RESOURCES: dict[str, RuleResource] = {
    "aws_security_group_rule": RuleResource(TF_RULE, "security_group_id", ("type", _sg_type)),
    "aws_vpc_security_group_ingress_rule": RuleResource(TF_VPC_RULE, "security_group_id"),
    "AWS::EC2::SecurityGroupIngress": RuleResource(CFN_RULE, "GroupId"),
    "aws_network_acl_rule": RuleResource(TF_NACL_RULE, "network_acl_id", ("egress", _acl_egress)),
    "AWS::EC2::NetworkAclEntry": RuleResource(CFN_NACL, "NetworkAclId", ("Egress", _acl_egress)),
}
GROUP_TYPES = tuple(INLINE_RULES)


@dataclass(slots=True, kw_only=True)
class IngressOpenArgs:
    """``ports``: any of these reachable; ``all_ports``: every port reachable (all protocols or 0-65535);
    ``other_than``: some port reachable that is not one of these (the ports a public service is meant to serve)."""

    __pydantic_config__ = FORBID
    ports: list[int] = field(default_factory=list)
    all_ports: bool = False
    other_than: list[int] | None = None

    def __post_init__(self) -> None:
        if [bool(self.ports), self.all_ports, self.other_than is not None].count(True) != 1:
            raise ValueError("give one of 'ports', 'all_ports: true' or 'other_than'")


def _unknown_rule(fields: RuleFields, value: Unknown) -> dict[str, Any]:
    """The attributes of a rule of which nothing is known (a block list or an element known after apply).
    A whole rule is never an identifier used as is, so its parts may be anything (no resource origin)."""
    value = Unknown(reason=value.reason or "the rule is known only after apply")
    names = [*fields.cidrs, *fields.prefix_lists, fields.protocol, fields.from_port, fields.to_port]
    if fields.allow:
        names.append(fields.allow[0])
    if fields.number:
        names.append(fields.number)
    return {name.split(".")[0]: value for name in names}


def _raw_rules(resource: Resource, ctx: Context) -> Iterator[tuple[str, dict[str, Any], RuleFields, Tri]]:
    """Every rule that may be an ingress rule of ``resource``: (label, attributes, fields, inbound)."""
    inline = INLINE_RULES.get(resource.type)
    if inline is not None:
        attribute, fields = inline
        rules = resource.attributes.get(attribute) if attribute else None
        if isinstance(rules, Unknown) and isinstance(rules.partial, (list, dict)):
            rules = rules.partial
        if isinstance(rules, Unknown) and resource.format != FORMAT_PLAN:
            yield attribute, _unknown_rule(fields, rules), fields, True
        # In a plan, a wholly unknown list is what the provider computes when no inline rule is written (the
        # attribute is optional and computed from the separate rule resources, judged below); a plan cannot
        # tell it from a dynamic block over an unknown collection (its configuration omits dynamic blocks),
        # which the HCL scan of the same code judges as unknown.
        for i, rule in enumerate([rules] if isinstance(rules, dict) else rules if isinstance(rules, list) else []):
            if isinstance(rule, dict):
                yield f"{attribute}[{i}]", rule, fields, True
            elif isinstance(rule, Unknown):
                yield f"{attribute}[{i}]", _unknown_rule(fields, rule), fields, True
        for rule_type, spec in RULE_RESOURCES.items():
            for other in ctx.index.referrers(resource, [rule_type], spec.attach):
                inbound = _inbound(other, spec)
                if inbound is not False:
                    yield other.address, other.attributes, spec.fields, inbound
    own = RULE_RESOURCES.get(resource.type)
    if own is not None:
        inbound = _inbound(resource, own)
        if inbound is not False:
            yield "rule", resource.attributes, own.fields, inbound


def _inbound(resource: Resource, spec: RuleResource) -> Tri:
    if spec.inbound is None:
        return True
    attribute, test = spec.inbound
    value = resource.attributes.get(attribute)
    return None if isinstance(value, Unknown) else test(value)


def _get(rule: Any, path: str) -> Any:
    value: Any = rule
    for part in path.split("."):
        if isinstance(value, Unknown):
            if not isinstance(value.partial, (dict, list)):
                return value
            value = value.partial
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _allows(rule: dict[str, Any], fields: RuleFields) -> Tri:
    if fields.allow is None:
        return True
    attribute, wanted = fields.allow
    value = _get(rule, attribute)
    if isinstance(value, Unknown):
        return None
    return isinstance(value, str) and value.lower() == wanted


def _read_sources(rule: Rule, attributes: dict[str, Any], fields: RuleFields, ctx: Context) -> None:
    """Fill ``rule.sure`` and ``rule.maybe`` from its CIDRs and prefix lists."""
    for version, name in zip((4, 6), fields.cidrs, strict=True):
        why = add_ranges(_get(attributes, name), rule.sure, rule.maybe, (version,))
        rule.unsure = rule.unsure or (f"{rule.label}: {name} {why}" if why else "")
    for name in fields.prefix_lists:
        value = _get(attributes, name)
        for item in value if isinstance(value, list) else [value]:
            if item is None or item == "":
                continue
            before = {v: list(spans) for v, spans in rule.sure.spans.items()}
            why = add_prefix_list(item, ctx, rule.sure, rule.maybe)
            rule.listed = rule.listed or rule.sure.spans != before
            rule.unsure = rule.unsure or (f"{rule.label}: {why}" if why else "")


def _rules(ctx: Context) -> list[Rule]:
    rules = []
    for label, attributes, fields, inbound in _raw_rules(ctx.resource, ctx):
        rule = Rule(
            label,
            inbound,
            allows=_allows(attributes, fields),
            ordered=fields.number is not None,
            protocol=protocol_of(_get(attributes, fields.protocol)),
            low=_get(attributes, fields.from_port),
            high=_get(attributes, fields.to_port),
        )
        if fields.number is not None:
            raw = _get(attributes, fields.number)
            rule.number = None if isinstance(raw, Unknown) else as_number(raw)
        _read_sources(rule, attributes, fields, ctx)
        rule.unknown = cause_of([_get(attributes, path) for path in _field_paths(fields)])
        rules.append(rule)
    return rules


def _field_paths(fields: RuleFields) -> list[str]:
    paths = [*fields.cidrs, *fields.prefix_lists, fields.protocol, fields.from_port, fields.to_port]
    return paths + ([fields.allow[0]] if fields.allow else []) + ([fields.number] if fields.number else [])


def _caused(ctx: Context, label: str, outcome: Outcome) -> Outcome:
    """A rule written as its own resource (labelled by its address) causes what it opens; inline rules are the
    judged resource's own."""
    others = [r for r in ctx.index.at(ctx.resource.scope, label) if r is not ctx.resource]
    return caused_by(outcome, others[0]) if others else outcome


def _ports_text(rule: Rule, port: int) -> str:
    if rule.protocol == "all":
        return "all ports and protocols"
    low, high = as_number(rule.low), as_number(rule.high)
    if low is not None and low == high:
        return f"port {port}"
    return f"ports {_bound_text(low, 0)}-{_bound_text(high, MAX_PORT)} (including {port})"


def _bound_text(value: float | None, default: int) -> str:
    return str(default if value is None or value < 0 else int(value))


def _outcome(ctx: Context, rules: list[Rule], covered: Coverage, port: int, what: str) -> Outcome:
    """The outcome of ``covered``, with one clue per rule that decides it, each attributed to the rule resource
    that causes it (so that each is a finding of its own); an unknown carries the rules' unknown values (an
    evaluation gap among them first)."""
    if covered.value is None:
        notes = list(dict.fromkeys(covered.unsure)) or [f"a rule admitting {what} is known only after apply"]
        value = cause_of([r.unknown for r in rules if r.unknown is not None])
        return Outcome(None, [Clue(note.split(":", 1)[0], value, note=note) for note in notes])
    internet = " and ".join(internet_name(v) for v in covered.families)
    by_label = {r.label: r for r in rules}

    def alone(rule: Rule) -> Outcome:
        ports = what if what.startswith("every") and rule.protocol != "all" else _ports_text(rule, port)
        via = " (through its prefix lists)" if rule.listed else ""
        return _caused(
            ctx, rule.label, Outcome(True, [Clue(rule.label, note=f"{rule.label} allows {internet}{via} on {ports}")])
        )

    # The rules that open the internet on their own are the findings (each one of its own); when none does, the
    # rules that open it together are.
    single = [label for label in covered.labels if by_label[label].sure.internet_families()]
    if single or len(covered.labels) == 1:
        return Outcome(True, [alone(by_label[label]).clues[0] for label in single or covered.labels])
    together = ", ".join(covered.labels)
    clues = []
    for label in covered.labels:
        clues.extend(
            _caused(
                ctx, label, Outcome(True, [Clue(label, note=f"{together} together allow {internet} on {what}")])
            ).clues
        )
    return Outcome(True, clues)


def ingress_open(args: IngressOpenArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when the resource's ingress rules together admit the whole internet (every IPv4 or every IPv6
    address) to one of the ports, or (``all_ports``) to every port of tcp or of udp."""
    rules = _rules(ctx)
    every = AddressSet()
    for rule in rules:
        every.update(rule.maybe)
    if not every.internet_families():  # not even all rules at once, on any port, could admit the internet
        return Outcome(False, [Clue("ingress", note="no ingress rule admits the internet")])
    unknown: Outcome | None = None
    if args.all_ports:
        for protocol in PORTED:
            starts = breakpoints([(r.low, r.high) for r in rules])
            results = [(coverage(rules, protocol, start), start) for start in starts]
            if all(c.value is True for c, _ in results):
                first = results[0][0]
                labels = list(dict.fromkeys(label for c, _ in results for label in c.labels))
                merged = Coverage(True, labels, first.families, [])
                return _outcome(ctx, rules, merged, 0, f"every {protocol} port")
            if unknown is None and all(c.value is not False for c, _ in results):
                undecided = next(c for c, _ in results if c.value is None)
                unknown = _outcome(ctx, rules, undecided, 0, "every port")
    elif args.other_than is not None:
        unknown = _other_port_open(ctx, rules, set(args.other_than))  # open, undecided or None: returned below
    else:
        for port in args.ports:
            for protocol in PORTED:
                covered = coverage(rules, protocol, port)
                if covered.value is True:
                    return _outcome(ctx, rules, covered, port, f"port {port}")
                if covered.value is None and unknown is None:
                    unknown = _outcome(ctx, rules, covered, port, f"port {port}")
    if unknown is not None:
        return unknown
    return Outcome(False, [Clue("ingress", note="no ingress rule admits the internet")])


def _other_port_open(ctx: Context, rules: list[Rule], expected: set[int]) -> Outcome | None:
    """Is some tcp or udp port outside ``expected`` open to the internet? The first port found open, else the
    first left undecided, else None. Each stretch of ports on which every rule is uniform is asked once, from
    its first port; the expected ports are stretches of their own, so every other port is asked about."""
    unknown: Outcome | None = None
    bounds = [(r.low, r.high) for r in rules] + [(port, port) for port in expected]
    for protocol in PORTED:
        for start in breakpoints(bounds):
            if start in expected:
                continue
            covered = coverage(rules, protocol, start)
            if covered.value is True:
                return _outcome(ctx, rules, covered, start, f"{protocol} port {start}")
            if covered.value is None and unknown is None:
                unknown = _outcome(ctx, rules, covered, start, f"{protocol} port {start}")
    return unknown
