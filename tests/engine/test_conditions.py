"""The condition language and its helpers, on resources built directly: three-valued logic, fan-out,
relations, and policy errors with their line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gate import yamlnodes
from gate.engine.conditions import Compiler
from gate.engine.context import Context
from gate.engine.index import ResourceIndex
from gate.errors import PolicyError
from gate.model import Location, Resource
from gate.values import ACCOUNT_MARK, PARTITION_MARK, UNKNOWN_MARK, Origin, Unknown, UnknownText


def resource(address: str, type_: str, attributes: dict[str, Any], **kwargs: Any) -> Resource:
    # A reference relates only through the identifier used as is (gate.engine.as_is): the referring attribute
    # holds it, as the loaders make it of ``aws_x.y.id``.
    for name, targets in kwargs.get("references", {}).items():
        attributes = {**attributes, name: Unknown(targets, origin=Origin.IDENTIFIER)}
    return Resource(address, type_, "terraform", attributes, Location(file="main.tf"), scope="s", **kwargs)


def check(condition: str, target: Resource, *others: Resource) -> bool | None:
    compiled = Compiler("p.yaml").compile(yamlnodes.load(condition, "p.yaml"))
    index = ResourceIndex([target, *others])
    return compiled.evaluate(Context(target, index, {}), target.attributes, "").value


VAR = Unknown(reason="var.x has no value", origin=Origin.UNSET)
ARN = Unknown(frozenset({"aws_kms_key.k"}), reason="known after apply", origin=Origin.IDENTIFIER)


@pytest.mark.parametrize(
    "condition,attributes,expected",
    [
        ("{attr: encrypted, equals: true}", {"encrypted": True}, True),
        ("{attr: encrypted, equals: true}", {"encrypted": "true"}, True),
        ("{attr: encrypted, equals: true}", {}, False),
        ("{attr: encrypted, equals: true}", {"encrypted": VAR}, None),
        ("{attr: kms_key_id, exists: true}", {"kms_key_id": ARN}, True),  # set to a value known after apply
        ("{attr: kms_key_id, exists: true}", {"kms_key_id": ""}, False),
        ("{attr: port, equals: 22}", {"port": "22"}, True),
        ("{attr: acl, in: [public-read, public-read-write]}", {"acl": "private"}, False),
        ("{attr: name, matches: '^prod-'}", {"name": "prod-db"}, True),
        ("{attr: cidrs, contains: 0.0.0.0/0}", {"cidrs": ["10.0.0.0/8", "0.0.0.0/0"]}, True),
        ("{attr: cidrs, contains: 0.0.0.0/0}", {"cidrs": ["10.0.0.0/8", VAR]}, None),
        ("{attr: days, gte: 7}", {"days": 30}, True),
        (
            "{attr: rule.sse.algorithm, equals: 'aws:kms'}",
            {"rule": [{"sse": [{"algorithm": "AES256"}, {"algorithm": "aws:kms"}]}]},
            True,
        ),
        ("{all: [{attr: a, equals: 1}, {attr: b, equals: 1}]}", {"a": 0, "b": VAR}, False),  # false wins
        ("{all: [{attr: a, equals: 1}, {attr: b, equals: 1}]}", {"a": 1, "b": VAR}, None),
        ("{any: [{attr: a, equals: 1}, {attr: b, equals: 1}]}", {"a": 1, "b": VAR}, True),  # true wins
        ("{not: {attr: a, equals: 1}}", {"a": VAR}, None),
        ("{some: ingress, where: {attr: port, equals: 22}}", {"ingress": [{"port": 80}, {"port": 22}]}, True),
        ("{every: ingress, where: {attr: port, equals: 22}}", {"ingress": [{"port": 80}, {"port": 22}]}, False),
        ("{every: ingress, where: {attr: port, equals: 22}}", {}, True),
        ("{none: ingress, where: {attr: port, equals: 22}}", {"ingress": [{"port": 80}]}, True),
    ],
)
def test_operators(condition: str, attributes: dict[str, Any], expected: bool | None) -> None:
    assert check(condition, resource("r.r", "r", attributes)) is expected


def test_related_by_reference_and_by_name() -> None:
    bucket = resource("aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "logs"})
    by_ref = resource(
        "aws_x.p", "aws_x", {"bucket": ARN, "on": True}, references={"bucket": frozenset({"aws_s3_bucket.b"})}
    )
    by_name = resource("aws_x.q", "aws_x", {"bucket": "logs", "on": False})
    condition = "{related: {types: [aws_x], via: bucket, key: bucket}, where: {attr: 'on', equals: true}}"
    assert check(condition, bucket, by_ref) is True
    assert check(condition, bucket, by_name) is False
    assert check(condition, bucket) is False
    # a value derived from the reference (coalesce("legacy", aws_s3_bucket.b.id)) only mentions the bucket
    derived = Resource(
        "aws_x.d",
        "aws_x",
        "terraform",
        {"bucket": Unknown(frozenset({"aws_s3_bucket.b"})), "on": True},
        Location(file="main.tf"),
        scope="s",
        references={"bucket": frozenset({"aws_s3_bucket.b"})},
    )
    assert check(condition, bucket, derived) is False
    other_scope = Resource(
        "aws_x.p", "aws_x", "terraform", {"bucket": "logs", "on": True}, Location(file="x"), scope="t"
    )
    assert check(condition, bucket, other_scope) is False  # relations never cross scopes


def test_related_instances_attach_to_their_own_instance() -> None:
    logs = resource('aws_s3_bucket.b["logs"]', "aws_s3_bucket", {})
    site = resource('aws_s3_bucket.b["site"]', "aws_s3_bucket", {})
    block = resource(
        'aws_x.p["logs"]', "aws_x", {"on": True}, references={"bucket": frozenset({'aws_s3_bucket.b["logs"]'})}
    )
    whole = resource("aws_x.all", "aws_x", {"on": True}, references={"bucket": frozenset({"aws_s3_bucket.b"})})
    condition = "{related: {types: [aws_x], via: bucket}}"
    assert check(condition, logs, site, block) is True
    assert check(condition, site, logs, block) is False
    assert check(condition, site, whole) is True  # a reference to every instance


def test_ingress_helper_tells_unknown_from_resource_values() -> None:
    condition = "{helper: ingress_open, ports: [22]}"
    rule = {"from_port": 22, "to_port": 22, "protocol": "tcp"}
    assert (
        check(condition, resource("sg.a", "aws_security_group", {"ingress": [{**rule, "cidr_blocks": ["0.0.0.0/0"]}]}))
        is True
    )
    assert (
        check(condition, resource("sg.b", "aws_security_group", {"ingress": [{**rule, "cidr_blocks": [VAR]}]})) is None
    )
    vpc_id = Unknown(frozenset({"aws_vpc.main"}), origin=Origin.IDENTIFIER)  # an identifier is never a CIDR
    assert (
        check(condition, resource("sg.c", "aws_security_group", {"ingress": [{**rule, "cidr_blocks": [vpc_id]}]}))
        is False
    )
    computed = Unknown(frozenset({"aws_vpc.main"}), origin=Origin.COMPUTED)  # a computed CIDR may be anything
    assert (
        check(condition, resource("sg.f", "aws_security_group", {"ingress": [{**rule, "cidr_blocks": [computed]}]}))
        is None
    )
    all_traffic = {"from_port": 0, "to_port": 0, "protocol": "-1", "ipv6_cidr_blocks": ["::/0"]}
    assert check(condition, resource("sg.d", "aws_security_group", {"ingress": [all_traffic]})) is True
    https = {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
    assert check(condition, resource("sg.e", "aws_security_group", {"ingress": [https]})) is False


def test_iam_helper_reads_strings_structures_and_partial_documents() -> None:
    condition = "{helper: iam_statement, attr: policy, action: '*', resource: '*'}"
    admin = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    assert check(condition, resource("p.a", "aws_iam_policy", {"policy": json.dumps(admin)})) is True
    assert check(condition, resource("p.b", "aws_iam_policy", {"policy": admin})) is True
    scoped = {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    assert check(condition, resource("p.c", "aws_iam_policy", {"policy": json.dumps(scoped)})) is False
    partial = Unknown(
        frozenset({"aws_s3_bucket.b"}), partial={"Statement": [{"Effect": "Allow", "Action": "*", "Resource": ARN}]}
    )
    assert check(condition, resource("p.d", "aws_iam_policy", {"policy": partial})) is False  # an ARN is not *
    text = UnknownText(
        '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "' + UNKNOWN_MARK + '"}]}'
    )
    heredoc = Unknown(frozenset({"aws_s3_bucket.b"}), partial=text)
    assert check(condition, resource("p.e", "aws_iam_policy", {"policy": heredoc})) is True
    assert check(condition, resource("p.f", "aws_iam_policy", {"policy": VAR})) is None


@pytest.mark.parametrize(
    "text,message",
    [
        ("condition:\n  attr: name\n  equal: x\n", "p.yaml:2: unknown operator 'equal'"),
        ("condition:\n  all: []\n", "p.yaml:2: 'all' takes a non-empty list"),
        ("condition:\n  helper: nope\n", "p.yaml:2: unknown helper 'nope'"),
        (
            "condition:\n  helper: ingress_open\n",
            "p.yaml:2: helper ingress_open: give one of 'ports', 'all_ports: true' or 'other_than'",
        ),
        ("condition:\n  attr: name\n  matches: '('\n", "p.yaml:2: 'matches' takes a regular expression"),
        ("condition:\n  some: ingress\n  where: 3\n", "p.yaml:"),
    ],
)
def test_policy_errors_name_the_line(text: str, message: str) -> None:
    raw = yamlnodes.load(text, "p.yaml")
    with pytest.raises(PolicyError) as caught:
        Compiler("p.yaml").compile(raw["condition"])
    assert str(caught.value).startswith(message)


def check_with(condition: str, target: Resource, approved: list[str], *others: Resource) -> bool | None:
    compiled = Compiler("p.yaml").compile(yamlnodes.load(condition, "p.yaml"))
    index = ResourceIndex([target, *others])
    return compiled.evaluate(Context(target, index, {"approved_accounts": approved}), target.attributes, "").value


def test_foreign_accounts_against_approved_ones() -> None:
    condition = "{attr: shared_accounts, foreign_account: true}"
    shared = resource("aws_db_snapshot.s", "aws_db_snapshot", {"shared_accounts": ["111122223333"]})
    assert check_with(condition, shared, []) is True
    assert check_with(condition, shared, ["111122223333"]) is False
    public = resource("aws_db_snapshot.p", "aws_db_snapshot", {"shared_accounts": ["all"]})
    assert check_with(condition, public, ["111122223333"]) is True
    assert check_with(condition, resource("x.u", "x", {"shared_accounts": [VAR]}), []) is None
    policy = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": "kms:Decrypt",
                "Resource": "*",
            }
        ]
    }
    key = resource("aws_kms_key.k", "aws_kms_key", {"policy": json.dumps(policy)})
    iam = "{helper: iam_statement, attr: policy, principal: external}"
    assert check_with(iam, key, []) is True
    assert check_with(iam, key, ["444455556666"]) is False


def test_scope_has_finds_account_wide_settings() -> None:
    condition = (
        "{scope_has: {types: [aws_s3_account_public_access_block]}, where: {attr: block_public_acls, equals: true}}"
    )
    bucket = resource("aws_s3_bucket.b", "aws_s3_bucket", {})
    account = resource(
        "aws_s3_account_public_access_block.a", "aws_s3_account_public_access_block", {"block_public_acls": True}
    )
    assert check(condition, bucket, account) is True
    assert check(condition, bucket) is False


def test_network_acl_rules_honour_their_action_and_direction() -> None:
    condition = "{helper: ingress_open, ports: [22]}"
    acl = resource(
        "aws_network_acl.a",
        "aws_network_acl",
        {
            "ingress": [
                {"protocol": "tcp", "action": "deny", "cidr_block": "0.0.0.0/0", "from_port": 22, "to_port": 22},
            ]
        },
    )
    assert check(condition, acl) is False
    allow = {"egress": False, "rule_action": "allow", "protocol": "-1", "cidr_block": "0.0.0.0/0"}
    rule = resource(
        "aws_network_acl_rule.r",
        "aws_network_acl_rule",
        allow,
        references={"network_acl_id": frozenset({"aws_network_acl.a"})},
    )
    assert check(condition, acl, rule) is True
    outbound = resource(
        "aws_network_acl_rule.o",
        "aws_network_acl_rule",
        {**allow, "egress": True},
        references={"network_acl_id": frozenset({"aws_network_acl.a"})},
    )
    assert check(condition, acl, outbound) is False
    entry = Resource(
        "E",
        "AWS::EC2::NetworkAclEntry",
        "cloudformation",
        {"RuleAction": "allow", "Protocol": 6, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 20, "To": 25}},
        Location(file="t.yaml"),
        scope="s",
    )
    assert check(condition, entry) is True


def test_network_acl_deny_rules_shadow_later_allows() -> None:
    condition = "{helper: ingress_open, ports: [22]}"
    deny = {
        "rule_no": 90,
        "protocol": "tcp",
        "action": "deny",
        "cidr_block": "0.0.0.0/0",
        "from_port": 22,
        "to_port": 22,
    }
    returns = {
        "rule_no": 100,
        "protocol": "tcp",
        "action": "allow",
        "cidr_block": "0.0.0.0/0",
        "from_port": 1024,
        "to_port": 65535,
    }
    wide = {
        "rule_no": 100,
        "protocol": "tcp",
        "action": "allow",
        "cidr_block": "0.0.0.0/0",
        "from_port": 0,
        "to_port": 65535,
    }
    assert check(condition, resource("aws_network_acl.a", "aws_network_acl", {"ingress": [deny, wide]})) is False
    assert (
        check(
            condition, resource("aws_network_acl.b", "aws_network_acl", {"ingress": [{**deny, "rule_no": 110}, wide]})
        )
        is True
    )
    assert check(condition, resource("aws_network_acl.c", "aws_network_acl", {"ingress": [returns]})) is False


def test_unrestricted_tells_narrowing_conditions_from_decorative_ones() -> None:
    condition = "{helper: iam_statement, attr: policy, principal: '*', unrestricted: true}"

    def policy(cond: dict[str, Any] | None) -> Resource:
        statement: dict[str, Any] = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}
        if cond is not None:
            statement["Condition"] = cond
        return resource("aws_s3_bucket_policy.p", "aws_s3_bucket_policy", {"policy": {"Statement": [statement]}})

    assert check(condition, policy(None)) is True
    assert check(condition, policy({"StringLike": {"aws:Referer": ["https://example.com/*"]}})) is True
    assert check(condition, policy({"StringEquals": {"aws:SourceVpce": "vpce-1"}})) is False
    assert check(condition, policy({"StringEquals": {"aws:PrincipalOrgID": "o-1"}})) is False


def test_not_action_grants_what_it_does_not_name() -> None:
    statement = {"Effect": "Allow", "NotAction": ["s3:DeleteBucket"], "Resource": "*"}
    target = resource("aws_iam_policy.p", "aws_iam_policy", {"policy": {"Statement": [statement]}})
    assert check("{helper: iam_statement, attr: policy, action: 'iam:PassRole', resource: '*'}", target) is True
    assert check("{helper: iam_statement, attr: policy, action: 's3:DeleteBucket'}", target) is False
    # everything but one S3 action still holds iam:*: administrator access in effect
    assert check("{helper: iam_statement, attr: policy, action: '*'}", target) is True
    power_user = {"Effect": "Allow", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*"}
    power = resource("aws_iam_policy.q", "aws_iam_policy", {"policy": {"Statement": [power_user]}})
    assert check("{helper: iam_statement, attr: policy, action: '*'}", power) is False


def test_partly_known_strings_keep_what_is_known() -> None:
    arn = Unknown(
        frozenset(), partial=UnknownText(f"arn:aws:iam::{UNKNOWN_MARK}:role/deploy"), reason="var.account has no value"
    )
    statement = {"Effect": "Allow", "Action": "iam:PassRole", "Resource": arn}
    target = resource("aws_iam_policy.p", "aws_iam_policy", {"policy": {"Statement": [statement]}, "policy_arn": arn})
    assert check("{helper: iam_statement, attr: policy, action: 'iam:PassRole', resource: '*'}", target) is False
    assert check("{attr: policy_arn, matches: ':role/deploy$'}", target) is True
    assert check("{attr: policy_arn, matches: '^arn:aws:iam::123'}", target) is None
    own = Unknown(frozenset({"AWS::AccountId"}), partial=UnknownText(f"arn:aws:iam::{ACCOUNT_MARK}:root"))
    trust = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": own}, "Action": "sts:AssumeRole"}]}
    role = resource("r.r", "AWS::IAM::Role", {"policy": trust})
    assert check_with("{helper: iam_statement, attr: policy, principal: external}", role, []) is False


def partly(text: str, origin: Origin = Origin.DERIVED) -> Unknown:
    return Unknown(partial=UnknownText(text), origin=origin)


ADMIN = "'^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$'"


@pytest.mark.parametrize(
    "condition,value,expected",
    [
        # only the partition is unknown: decided when every partition gives the same answer
        (f"{{attr: a, matches: {ADMIN}}}", partly(f"arn:{PARTITION_MARK}:iam::aws:policy/ReadOnlyAccess"), False),
        (f"{{attr: a, matches: {ADMIN}}}", partly(f"arn:{PARTITION_MARK}:iam::aws:policy/AdministratorAccess"), True),
        (
            "{attr: a, equals: 'arn:aws:iam::aws:policy/ReadOnlyAccess'}",
            partly(f"arn:{PARTITION_MARK}:iam::aws:policy/ReadOnlyAccess"),
            None,
        ),
        ("{attr: a, in: [x, y]}", [partly(f"arn:{PARTITION_MARK}:s3:::b")], False),
        # the account is always 12 digits, never "aws": a customer policy is never AWS-managed (mark_patterns)
        (f"{{attr: a, matches: {ADMIN}}}", partly(f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x"), False),
        # anything else unknown in it, or a value the gate could not compute: still unknown, never a pass
        (f"{{attr: a, matches: {ADMIN}}}", partly(f"arn:{PARTITION_MARK}:iam::aws:policy/{UNKNOWN_MARK}"), None),
        (f"{{attr: a, matches: {ADMIN}}}", partly(f"arn:{PARTITION_MARK}:iam::aws:policy/x", Origin.GAP), None),
    ],
)
def test_a_string_whose_only_unknown_is_the_partition(condition: str, value: Any, expected: bool | None) -> None:
    assert check(condition, resource("r.r", "r", {"a": value})) is expected
