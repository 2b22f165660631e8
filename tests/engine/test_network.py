"""The ingress_open helper: rules judged together, directions and protocols as AWS reads them, prefix lists."""

from __future__ import annotations

from typing import Any

from gate import yamlnodes
from gate.engine.conditions import Compiler
from gate.engine.context import Context
from gate.engine.index import ResourceIndex
from gate.model import Location, Resource
from gate.values import Origin, Unknown

SSH = "{helper: ingress_open, ports: [22]}"
ALL_PORTS = "{helper: ingress_open, all_ports: true}"
VAR = Unknown(reason="var.x has no value")


def res(
    address: str, attributes: dict[str, Any], refs: dict[str, str] | None = None, fmt: str = "terraform", **kw: Any
) -> Resource:
    type_ = kw.pop("type_", None) or (address.split(".")[0] if fmt != "cloudformation" else kw.pop("cfn_type"))
    references = {k: frozenset({v}) for k, v in (refs or {}).items()}
    # A reference relates only through the identifier used as is (gate.engine.as_is), as loaders make ``aws_x.y.id``
    attributes = {**{k: Unknown(v, origin=Origin.IDENTIFIER) for k, v in references.items()}, **attributes}
    return Resource(address, type_, fmt, attributes, Location(file="main.tf"), scope="s", references=references, **kw)


def check(condition: str, target: Resource, *others: Resource) -> bool | None:
    compiled = Compiler("p.yaml").compile(yamlnodes.load(condition, "p.yaml"))
    return compiled.evaluate(Context(target, ResourceIndex([target, *others]), {}), target.attributes, "").value


def ssh(**extra: Any) -> dict[str, Any]:
    return {"from_port": 22, "to_port": 22, "protocol": "tcp", **extra}


def group(*ingress: dict[str, Any]) -> Resource:
    return res("aws_security_group.a", {"ingress": list(ingress)})


def rule(name: str, **attributes: Any) -> Resource:
    return res(
        f"aws_security_group_rule.{name}",
        {"type": "ingress", **ssh(), **attributes},
        {"security_group_id": "aws_security_group.a"},
    )


def test_cidrs_that_together_cover_the_internet_are_the_internet() -> None:
    assert check(SSH, group(ssh(cidr_blocks=["0.0.0.0/1", "128.0.0.0/1"]))) is True
    assert check(SSH, group(ssh(cidr_blocks=["0.0.0.0/1"]), ssh(cidr_blocks=["128.0.0.0/1"]))) is True
    assert check(SSH, group(ssh(cidr_blocks=["0.0.0.0/1"])), rule("b", cidr_blocks=["128.0.0.0/1"])) is True
    assert check(SSH, group(ssh(ipv6_cidr_blocks=["::/1", "8000::/1"]))) is True
    assert check(SSH, group(ssh(cidr_blocks=["1.2.3.4/0"]))) is True
    assert check(SSH, group(ssh(cidr_blocks=["0.0.0.0/1", "128.0.0.0/2"]))) is False
    # the halves must cover the same port
    assert (
        check(
            SSH,
            group(ssh(cidr_blocks=["0.0.0.0/1"]), {**ssh(cidr_blocks=["128.0.0.0/1"]), "from_port": 80, "to_port": 80}),
        )
        is False
    )


def test_vpc_rule_resources_and_cloudformation_rules_join_the_group() -> None:
    halves = [
        res(
            f"aws_vpc_security_group_ingress_rule.{n}",
            {"ip_protocol": "6", "from_port": 22, "to_port": 22, "cidr_ipv4": c},
            {"security_group_id": "aws_security_group.a"},
        )
        for n, c in (("x", "0.0.0.0/1"), ("y", "128.0.0.0/1"))
    ]
    assert check(SSH, group(), *halves) is True
    cfn_group = res(
        "Web",
        {"SecurityGroupIngress": [{"IpProtocol": 6, "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/1"}]},
        fmt="cloudformation",
        cfn_type="AWS::EC2::SecurityGroup",
    )
    other_half = res(
        "WebSsh",
        {
            "GroupId": Unknown(frozenset({"Web"}), origin=Origin.IDENTIFIER),
            "IpProtocol": "tcp",
            "FromPort": 22,
            "ToPort": 22,
            "CidrIp": "128.0.0.0/1",
        },
        {"GroupId": "Web"},
        fmt="cloudformation",
        cfn_type="AWS::EC2::SecurityGroupIngress",
    )
    assert check(SSH, cfn_group, other_half) is True
    assert check(SSH, cfn_group) is False


def test_a_rule_whose_direction_or_list_is_unknown_is_unknown() -> None:
    assert check(SSH, group(), rule("t", type=VAR, cidr_blocks=["0.0.0.0/0"])) is None
    assert check(SSH, group(), rule("e", type="egress", cidr_blocks=["0.0.0.0/0"])) is False
    assert check(SSH, res("aws_security_group.a", {"ingress": VAR})) is None
    assert check(SSH, res("aws_security_group.a", {"ingress": [VAR]})) is None
    assert check(SSH, group(ssh(cidr_blocks=VAR))) is None
    assert check(SSH, group({**ssh(cidr_blocks=["0.0.0.0/0"]), "to_port": VAR})) is None
    assert check(SSH, group({**ssh(cidr_blocks=["0.0.0.0/0"]), "from_port": 23, "to_port": VAR})) is False
    assert check(SSH, group({**ssh(cidr_blocks=["0.0.0.0/0"]), "protocol": VAR})) is None
    # a known half and an unknown source may still cover everything; an unknown never makes it "closed"
    assert check(SSH, group(ssh(cidr_blocks=["0.0.0.0/1", VAR]))) is None


def test_protocols_by_number_and_name() -> None:
    assert check(SSH, group(ssh(protocol="6", cidr_blocks=["0.0.0.0/0"]))) is True
    assert check(SSH, group(ssh(protocol="17", cidr_blocks=["0.0.0.0/0"]))) is True
    assert check(SSH, group({"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]})) is True
    assert check(SSH, group(ssh(protocol="50", cidr_blocks=["0.0.0.0/0"]))) is False
    assert check(SSH, group(ssh(protocol="bogus", cidr_blocks=["0.0.0.0/0"]))) is None
    assert check(SSH, group(ssh(self=True))) is False


def test_every_port_may_be_opened_by_several_rules() -> None:
    low = {"protocol": "tcp", "from_port": 0, "to_port": 32767, "cidr_blocks": ["0.0.0.0/0"]}
    high = {"protocol": "tcp", "from_port": 32768, "to_port": 65535, "cidr_blocks": ["0.0.0.0/0"]}
    assert check(ALL_PORTS, group(low, high)) is True
    assert check(ALL_PORTS, group(low)) is False
    assert check(ALL_PORTS, group(low, {**high, "protocol": "udp"})) is False
    assert (
        check(
            ALL_PORTS,
            group({"protocol": "all", "from_port": 0, "to_port": 0, "ipv6_cidr_blocks": ["::/1", "8000::/1"]}),
        )
        is True
    )


def test_prefix_lists_are_their_entries() -> None:
    listed = res(
        "aws_ec2_managed_prefix_list.pl",
        {"address_family": "IPv4", "entry": [{"cidr": "0.0.0.0/1"}, {"cidr": "128.0.0.0/1"}]},
    )
    ref = Unknown(frozenset({"aws_ec2_managed_prefix_list.pl"}), origin=Origin.IDENTIFIER)  # its id, as is
    assert check(SSH, group(ssh(prefix_list_ids=[ref])), listed) is True
    half = res("aws_ec2_managed_prefix_list.pl", {"entry": [{"cidr": "0.0.0.0/1"}]})
    entry = res(
        "aws_ec2_managed_prefix_list_entry.e",
        {"cidr": "128.0.0.0/1", "prefix_list_id": ref},
        {"prefix_list_id": "aws_ec2_managed_prefix_list.pl"},
    )
    assert check(SSH, group(ssh(prefix_list_ids=[ref])), half) is False
    assert check(SSH, group(ssh(prefix_list_ids=[ref])), half, entry) is True
    assert check(SSH, group(ssh(prefix_list_ids=[ref], cidr_blocks=["128.0.0.0/1"])), half) is True
    assert check(SSH, group(ssh(prefix_list_ids=["pl-0123456789abcdef0"]))) is None  # not defined here
    assert check(SSH, group(ssh(prefix_list_ids=[VAR]))) is None
    aws = res(
        "data.aws_ec2_managed_prefix_list.connect",
        {"name": "com.amazonaws.eu-west-1.ec2-instance-connect"},
        type_="aws_ec2_managed_prefix_list",
        mode="data",
    )
    aws_ref = Unknown(frozenset({"data.aws_ec2_managed_prefix_list.connect"}), origin=Origin.IDENTIFIER)
    assert check(SSH, group(ssh(prefix_list_ids=[aws_ref])), aws) is False  # AWS service ranges
    cfn_list = res(
        "Everyone",
        {"AddressFamily": "IPv6", "Entries": [{"Cidr": "::/1"}, {"Cidr": "8000::/1"}]},
        fmt="cloudformation",
        cfn_type="AWS::EC2::PrefixList",
    )
    cfn_group = res(
        "Web",
        {
            "SecurityGroupIngress": [
                {
                    "IpProtocol": "tcp",
                    "FromPort": 22,
                    "ToPort": 22,
                    "SourcePrefixListId": Unknown(frozenset({"Everyone"}), origin=Origin.IDENTIFIER),
                }
            ]
        },
        fmt="cloudformation",
        cfn_type="AWS::EC2::SecurityGroup",
    )
    assert check(SSH, cfn_group, cfn_list) is True
    derived = Unknown(frozenset({"aws_ec2_managed_prefix_list.pl"}))  # replace(...prefix_list_id, ...): any list
    assert check(SSH, group(ssh(prefix_list_ids=[derived])), listed) is None


def test_network_acl_entries_apply_in_order() -> None:
    def entry(number: Any, action: str, cidr: str) -> dict[str, Any]:
        return {
            "rule_no": number,
            "protocol": "tcp",
            "action": action,
            "cidr_block": cidr,
            "from_port": 0,
            "to_port": 65535,
        }

    def acl(*entries: dict[str, Any]) -> Resource:
        return res("aws_network_acl.n", {"ingress": list(entries)})

    assert check(SSH, acl(entry(100, "allow", "0.0.0.0/1"), entry(110, "allow", "128.0.0.0/1"))) is True
    assert check(SSH, acl(entry(90, "deny", "0.0.0.0/1"), entry(100, "allow", "0.0.0.0/0"))) is False
    assert check(SSH, acl(entry(110, "deny", "0.0.0.0/1"), entry(100, "allow", "0.0.0.0/0"))) is True
    assert check(SSH, acl(entry(VAR, "deny", "0.0.0.0/1"), entry(100, "allow", "0.0.0.0/0"))) is None
    assert check(SSH, acl(entry(90, "deny", "0.0.0.0/0"), entry(VAR, "allow", "0.0.0.0/0"))) is None


def test_lists_of_ranges_that_together_cover_the_internet() -> None:
    condition = "{helper: cidrs_cover_internet, attr: vpc_config.public_access_cidrs}"

    def cluster(cidrs: Any) -> Resource:
        return res("aws_eks_cluster.c", {"vpc_config": [{"public_access_cidrs": cidrs}]})

    assert check(condition, cluster(["0.0.0.0/1", "128.0.0.0/1"])) is True
    assert check(condition, cluster(["::/1", "8000::/1"])) is True
    assert check(condition, cluster(["203.0.113.0/24"])) is False
    assert check(condition, cluster(["0.0.0.0/1", VAR])) is None
    assert check(condition, cluster(["0.0.0.0/1", Unknown(frozenset({"aws_vpc.main"}))])) is None
    assert check(condition, cluster(Unknown(frozenset({"aws_subnet.a"}), reason="known after apply"))) is None


def test_cloudformation_directions_and_lists_that_are_not_known() -> None:
    entry = res(
        "Entry",
        {
            "Egress": Unknown(reason="condition IsOutbound is known at deploy time"),
            "RuleAction": "allow",
            "Protocol": 6,
            "CidrBlock": "0.0.0.0/0",
            "PortRange": {"From": 22, "To": 22},
            "RuleNumber": 100,
        },
        fmt="cloudformation",
        cfn_type="AWS::EC2::NetworkAclEntry",
    )
    assert check(SSH, entry) is None
    chosen = res(
        "Web",
        {"SecurityGroupIngress": Unknown(reason="condition Open is known at deploy time")},
        fmt="cloudformation",
        cfn_type="AWS::EC2::SecurityGroup",
    )
    assert check(SSH, chosen) is None


def test_a_plan_computes_the_inline_list_from_the_rule_resources() -> None:
    # Terraform plans an omitted inline list as unknown (optional and computed): the rule resources decide.
    computed = res(
        "aws_security_group.a",
        {"ingress": Unknown(reason="known after apply")},
        fmt="terraform-plan",
        type_="aws_security_group",
    )
    closed = res(
        "aws_security_group_rule.r",
        {"type": "ingress", **ssh(cidr_blocks=["10.0.0.0/8"])},
        {"security_group_id": "aws_security_group.a"},
        fmt="terraform-plan",
        type_="aws_security_group_rule",
    )
    assert check(SSH, computed, closed) is False
    opened = res(
        "aws_security_group_rule.r",
        {"type": "ingress", **ssh(cidr_blocks=["0.0.0.0/0"])},
        {"security_group_id": "aws_security_group.a"},
        fmt="terraform-plan",
        type_="aws_security_group_rule",
    )
    assert check(SSH, computed, opened) is True


OTHER_THAN_WEB = "{helper: ingress_open, other_than: [80, 443]}"


def web(port: int, **extra: Any) -> dict[str, Any]:
    return {"from_port": port, "to_port": port, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], **extra}


def test_a_port_other_than_the_expected_ones_is_found_wherever_it_is() -> None:
    assert check(OTHER_THAN_WEB, group(web(80), web(443))) is False
    assert check(OTHER_THAN_WEB, group(web(80), web(443), web(8080))) is True
    # a range between the expected ports holds the ports in between; its ends alone are no exemption
    assert check(OTHER_THAN_WEB, group({**web(80), "to_port": 443})) is True
    assert check(OTHER_THAN_WEB, group({**web(443), "from_port": 442})) is True
    assert (
        check(OTHER_THAN_WEB, group({**web(443), "protocol": "udp"})) is False
    )  # the ports are expected on udp too (HTTP/3)
    assert check(OTHER_THAN_WEB, group({**web(53), "protocol": "udp"})) is True
    assert check(OTHER_THAN_WEB, group({**web(0), "protocol": "-1"})) is True
    assert check(OTHER_THAN_WEB, group(web(65535, ipv6_cidr_blocks=["::/0"], cidr_blocks=[]))) is True
    # halves of the internet on different rules, and from a private range only
    assert (
        check(OTHER_THAN_WEB, group(web(22, cidr_blocks=["0.0.0.0/1"]), web(22, cidr_blocks=["128.0.0.0/1"]))) is True
    )
    assert check(OTHER_THAN_WEB, group(web(22, cidr_blocks=["10.0.0.0/8"]), web(443))) is False
    # a port known only after apply may be any port
    assert check(OTHER_THAN_WEB, group({**web(443), "to_port": VAR})) is None
    assert check(OTHER_THAN_WEB, group(web(443), web(22, cidr_blocks=VAR))) is None


def test_the_other_ports_policy_leaves_out_exactly_the_named_services_ports() -> None:
    # GATE-NET-022 reports open ports that no named-service policy reports: one open port, one finding.
    from gate.policies import builtin_dir, load_policies

    def ports(condition: Any) -> set[int]:
        found: set[int] = set()
        if isinstance(condition, dict):
            if condition.get("helper") == "ingress_open":
                found |= set(condition.get("ports") or condition.get("other_than") or [])
            for value in condition.values():
                found |= ports(value)
        elif isinstance(condition, list):
            for value in condition:
                found |= ports(value)
        return found

    raw = {
        p.policy.id: yamlnodes.load(p.file.read_text(encoding="utf-8"), str(p.file))
        for p in load_policies([builtin_dir()])
        if p.policy.family.value == "network"
    }
    named = set().union(*(ports(raw[f"GATE-NET-{n}"]["targets"]) for n in ("001", "002", "004", "006", "007", "008")))
    assert ports(raw["GATE-NET-022"]["targets"]) == named | {80, 443}
