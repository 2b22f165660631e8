"""The resource-policy table and its helper: every type in the table is judged, by exactly one public and one
external policy, and a grant resource reads as the statement its service writes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gate import yamlnodes
from gate.engine.conditions import Compiler
from gate.engine.context import Context
from gate.engine.iam_conditions import requires_value
from gate.engine.index import ResourceIndex
from gate.engine.resource_policies import Entry, TableError, parse_table, table
from gate.model import Location, Resource
from gate.policies import builtin_dir, load_policies
from gate.values import Origin, Unknown

PUBLIC = {
    "GATE-PERM-002",
    "GATE-PERM-012",
    "GATE-PERM-013",
    "GATE-PERM-014",
    "GATE-PERM-015",
    "GATE-PERM-016",
    "GATE-PERM-017",
    "GATE-PERM-030",
}
EXTERNAL = {"GATE-PERM-018", "GATE-PERM-019", "GATE-PERM-020", "GATE-PERM-031"}
OPEN = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*"}
FOREIGN = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "*", "Resource": "*"}


def judge(rtype: str, attributes: dict[str, Any], access: str, approved: tuple[str, ...] = ()) -> bool | None:
    target = Resource(f"{rtype}.x", rtype, "terraform", attributes, Location(file="main.tf"), scope="s")
    condition = Compiler("p.yaml").compile(yamlnodes.load(f"{{helper: resource_policy, access: {access}}}", "p.yaml"))
    ctx = Context(target, ResourceIndex([target]), {"approved_accounts": list(approved)})
    return condition.evaluate(ctx, target.attributes, "").value


def _put(path: str, value: Any) -> dict[str, Any]:
    node: dict[str, Any] = {}
    here = node
    *parents, last = path.split(".")
    for part in parents:
        here = here.setdefault(part, {})
    here[last] = value
    return node


def with_statement(entry: Entry, statement: dict[str, Any], principal: str) -> dict[str, Any]:
    """Attributes that put ``statement`` where the entry reads its policy (or ``principal`` in a grant)."""
    if entry.documents:
        return _put(entry.documents[0], json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    if entry.statements:
        return _put(entry.statements[0], statement)
    assert entry.grant is not None
    return _put(entry.grant.principal, principal)


@pytest.mark.parametrize("rtype", sorted(table()))
def test_every_type_in_the_table_is_judged_public_and_external(rtype: str) -> None:
    entry = table()[rtype]
    assert judge(rtype, with_statement(entry, OPEN, "*"), "public") is True
    assert judge(rtype, with_statement(entry, FOREIGN, "111122223333"), "external") is True
    assert judge(rtype, with_statement(entry, FOREIGN, "111122223333"), "external", ("111122223333",)) is False
    restricted = {**OPEN, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    if entry.documents or entry.statements:
        assert judge(rtype, with_statement(entry, restricted, "*"), "public") is False


def test_every_type_has_one_public_and_one_external_policy() -> None:
    covered: dict[str, list[str]] = {}
    for loaded in load_policies([builtin_dir()]):
        policy = loaded.policy
        if policy.id in PUBLIC | EXTERNAL:
            for target in policy.targets.values():
                for rtype in target.resource_types:
                    covered.setdefault(rtype, []).append(policy.id)
    assert set(covered) == set(table()), set(covered) ^ set(table())
    for rtype, ids in covered.items():
        assert len(PUBLIC.intersection(ids)) == 1 and len(EXTERNAL.intersection(ids)) == 1, (rtype, ids)


def test_a_type_missing_from_the_table_is_unknown_never_passed() -> None:
    assert judge("aws_not_in_table", {"policy": json.dumps({"Statement": [OPEN]})}, "public") is None


@pytest.mark.parametrize(
    "arguments,service,public",
    [
        ({"principal": "sns.amazonaws.com"}, True, False),
        ({"principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::*"}, True, False),  # every bucket
        ({"principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::uploads"}, False, False),
        ({"principal": "s3.amazonaws.com", "source_account": "123456789012"}, False, False),
        ({"principal": "events.amazonaws.com", "source_arn": "${aws:SourceArn}"}, True, False),  # a policy variable
        ({"principal": "alexa-appkit.amazon.com", "event_source_token": "amzn1.ask.skill.1"}, False, False),
        ({"principal": "*"}, False, True),
        ({"principal": "*", "source_account": "123456789012"}, False, False),
        ({"principal": "*", "principal_org_id": "o-a1b2c3d4e5"}, False, False),
        ({"principal": "123456789012"}, False, False),
    ],
)
def test_a_lambda_permission_reads_as_the_statement_lambda_writes(
    arguments: dict[str, Any], service: bool, public: bool
) -> None:
    """AddPermission turns SourceArn into ArnLike AWS:SourceArn, SourceAccount into StringEquals
    AWS:SourceAccount, PrincipalOrgID into StringEquals aws:PrincipalOrgID (Lambda API reference)."""
    assert judge("aws_lambda_permission", arguments, "service") is service
    assert judge("aws_lambda_permission", arguments, "public") is public


def test_an_unknown_principal_may_be_anyone_or_any_service() -> None:
    unknown = Unknown("var.principal has no value", origin=Origin.UNSET)
    assert judge("aws_lambda_permission", {"principal": unknown}, "public") is None
    assert judge("aws_lambda_permission", {"principal": unknown}, "service") is None
    assert (
        judge(
            "aws_lambda_permission",
            {"principal": unknown, "source_arn": "arn:aws:sns:eu-west-1:123456789012:t"},
            "service",
        )
        is False
    )


def test_a_kms_grant_names_its_grantee() -> None:
    assert judge("aws_kms_grant", {"grantee_principal": "arn:aws:iam::111122223333:role/r"}, "external") is True
    assert (
        judge("aws_kms_grant", {"grantee_principal": "arn:aws:iam::111122223333:role/r"}, "external", ("111122223333",))
        is False
    )


@pytest.mark.parametrize(
    "raw",
    [
        [],
        {"aws_x": {}},
        {"aws_x": {"policy": ["p"]}},
        {"aws_x": {"grant": {"action": "a"}}},
        {"aws_x": {"grant": {"principal": "p", "conditions": {"source_arn": "ArnLike"}}}},
    ],
)
def test_a_malformed_table_is_refused(raw: Any) -> None:
    with pytest.raises(TableError):
        parse_table(raw)


BUCKET = "arn:aws:s3:::reports"


def bucket_policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"policy": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


def deny(condition: Any, action: Any = "s3:*", resource: Any = "*") -> dict[str, Any]:
    return {"Effect": "Deny", "Principal": "*", "Action": action, "Resource": resource, "Condition": condition}


ALLOW_READ = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET}/*"}


@pytest.mark.parametrize(
    "fence,public",
    [
        # one negated test of a restricting key with a fixed value refuses every other caller (IfExists too)
        (deny({"StringNotEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}), False),
        (deny({"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), False),
        (deny({"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}}), False),
        (deny({"ArnNotLike": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/*"}}), False),
        (deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}, resource=f"{BUCKET}/*"), False),
        # what narrows nothing: the internet, wildcards, variables, a second test, other actions or resources
        (deny({"NotIpAddress": {"aws:SourceIp": ["0.0.0.0/0", "::/0"]}}), True),
        (deny({"StringNotLike": {"aws:PrincipalOrgID": "*"}}), True),
        (deny({"StringNotEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}"}}), True),
        (deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}, "Bool": {"aws:SecureTransport": "false"}}), True),
        (deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}, action="s3:PutObject"), True),
        (deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}, resource=f"{BUCKET.upper()}/*"), True),
        (deny({"StringEquals": {"aws:SourceVpce": "vpce-1"}}), True),
        (deny({"Bool": {"aws:SecureTransport": "false"}}), True),
        ({**deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}), "Effect": "Allow"}, True),
    ],
)
def test_a_deny_beside_a_public_grant_narrows_it_only_when_it_refuses_everyone_else(fence: Any, public: bool) -> None:
    """An explicit deny overrides any allow (IAM User Guide, "Policy evaluation logic")."""
    assert judge("aws_s3_bucket_policy", bucket_policy(ALLOW_READ, fence), "public") is public


@pytest.mark.parametrize(
    "condition,expected",
    [
        ({"Bool": {"aws:SecureTransport": "false"}}, True),
        ({"Bool": {"aws:SecureTransport": False}}, True),
        ({"BoolIfExists": {"AWS:SecureTransport": ["false"]}}, True),
        ({"Bool": {"aws:SecureTransport": "true"}}, False),
        ({"Bool": {"aws:SecureTransport": ["false", "true"]}}, False),
        ({"Bool": {"aws:SecureTransport": "false"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, False),
        ({"Bool": {"aws:SecureTransport": Unknown("var.x has no value", origin=Origin.UNSET)}}, None),
        (None, False),
    ],
)
def test_requires_reads_one_test_of_one_value(condition: Any, expected: bool | None) -> None:
    assert requires_value(condition, "aws:SecureTransport", "false") is expected
