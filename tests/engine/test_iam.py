"""Statement semantics of the iam_statement helper: the Not* elements, spellings and document shapes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gate import yamlnodes
from gate.engine.conditions import Compiler
from gate.engine.context import Context
from gate.engine.iam import is_public_principal
from gate.engine.index import ResourceIndex
from gate.model import Location, Resource
from gate.values import UNKNOWN_MARK, Origin, Unknown, UnknownText

ADMIN = "{helper: iam_statement, attr: policy, effect: Allow, action: '*', resource: '*'}"


def check(condition: str, document: Any) -> bool | None:
    target = Resource(
        "aws_iam_policy.p", "aws_iam_policy", "terraform", {"policy": document}, Location(file="main.tf"), scope="s"
    )
    compiled = Compiler("p.yaml").compile(yamlnodes.load(condition, "p.yaml"))
    return compiled.evaluate(Context(target, ResourceIndex([target]), {}), target.attributes, "").value


@pytest.mark.parametrize(
    "statement,expected",
    [
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "*:*", "Resource": "*"}, True),
        ({"Effect": "allow", "Action": ["*"], "Resource": ["*"]}, True),  # AWS refuses the spelling; never a pass
        ({"Effect": "Allow", "Action": "IAM:*", "Resource": "*"}, False),  # one service: GATE-PERM-005's
        ({"Effect": "Allow", "NotAction": "ec2:NoSuchAction", "Resource": "*"}, True),
        ({"Effect": "Allow", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*"}, False),
        ({"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::payroll"}, True),  # NotResource docs
        ({"Effect": "Allow", "NotAction": "s3:GetObject", "NotResource": "arn:aws:s3:::payroll"}, True),
        ({"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}, False),
        ({"Effect": "Allow", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::payroll/*"}, False),
    ],
)
def test_administrator_access_in_effect(statement: dict[str, Any], expected: bool) -> None:
    assert check(ADMIN, {"Version": "2012-10-17", "Statement": [statement]}) is expected
    # a single statement object, and a JSON string, are the same document
    assert check(ADMIN, json.dumps({"Version": "2012-10-17", "Statement": statement})) is expected


def test_not_resource_covers_what_it_does_not_name() -> None:
    statement = {"Effect": "Allow", "Action": "s3:*", "NotResource": ["arn:aws:s3:::payroll", "arn:aws:s3:::payroll/*"]}
    document = {"Statement": [statement]}
    assert check("{helper: iam_statement, attr: policy, resource: 'arn:aws:s3:::reports'}", document) is True
    assert check("{helper: iam_statement, attr: policy, resource: 'arn:aws:s3:::payroll'}", document) is False


def test_allow_with_not_principal_is_everyone() -> None:
    statement = {
        "Effect": "Allow",
        "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "s3:GetObject",
        "Resource": "*",
    }
    assert check("{helper: iam_statement, attr: policy, principal: '*'}", {"Statement": [statement]}) is True
    assert check("{helper: iam_statement, attr: policy, principal: external}", {"Statement": [statement]}) is True


def test_not_action_grants_a_service_only_if_it_excludes_none_of_it() -> None:
    power = {
        "Statement": [
            {"Effect": "Allow", "NotAction": ["iam:*", "sts:*", "organizations:*", "kms:Decrypt"], "Resource": "*"}
        ]
    }
    assert check("{helper: iam_statement, attr: policy, action: 's3:*', resource: '*'}", power) is True
    assert check("{helper: iam_statement, attr: policy, action: 'kms:*', resource: '*'}", power) is False
    assert check("{helper: iam_statement, attr: policy, action: 'iam:PassRole', resource: '*'}", power) is False


def test_a_statement_known_only_after_apply_is_unknown_never_skipped() -> None:
    from gate.values import Origin, Unknown

    var = Unknown(reason="var.statements has no value", origin=Origin.UNSET)
    public = "{helper: iam_statement, attr: policy, principal: '*', unrestricted: true}"
    narrow = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
    assert check(ADMIN, {"Statement": var}) is None  # Statement = var.statements
    assert check(public, {"Statement": var}) is None
    assert check(ADMIN, {"Statement": [narrow, var]}) is None  # one element of the list
    assert check(ADMIN, {"Statement": Unknown(partial=[narrow, var])}) is None
    assert check(ADMIN, {"Statement": [narrow]}) is False
    admin = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    assert check(ADMIN, {"Statement": [admin, var]}) is True  # a known grant decides whatever the rest is
    # each element unknown
    for element in ("Effect", "Action", "Resource"):
        assert check(ADMIN, {"Statement": [{**admin, element: var}]}) is None, element
    assert check(public, {"Statement": [{**narrow, "Principal": var}]}) is None
    assert check(public, {"Statement": [{**narrow, "Principal": "*", "Condition": var}]}) is None


def test_not_action_with_an_element_known_only_after_apply_is_unknown() -> None:
    from gate.values import Origin, Unknown

    var = Unknown(reason="var.excluded has no value", origin=Origin.UNSET)
    statement = {"Effect": "Allow", "NotAction": ["iam:*", var], "Resource": "*"}
    assert check(ADMIN, {"Statement": [statement]}) is None  # var may name nothing that matters, or sts:*...


def test_an_unknown_principal_may_be_everyone_unless_it_cannot_be() -> None:
    """IAM's "*" is exactly "*": an identifier (a role's ARN) or a text with characters of its own never is; an
    unset variable, a gap or a text of marks alone may be."""
    role = Unknown(frozenset({"aws_iam_role.app"}), origin=Origin.IDENTIFIER)
    arn = Unknown(partial=UnknownText(f"arn:aws:iam::{UNKNOWN_MARK}:root"))
    bare = Unknown(partial=UnknownText(UNKNOWN_MARK))
    assert is_public_principal({"AWS": [role, arn]}) is False
    assert is_public_principal({"AWS": [role, bare]}) is None
    assert is_public_principal({"AWS": Unknown(origin=Origin.UNSET)}) is None
    assert is_public_principal({"AWS": [role, "*"]}) is True
    assert is_public_principal("*") is True and is_public_principal({"Service": "s3.amazonaws.com"}) is False
