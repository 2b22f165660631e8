"""How the engine reads unknown values by their origin: identifiers are never wildcards, partly known strings
are judged on their known parts whatever the unknown parts turn out to be, and an unknown outcome carries its
cause to the result (docs/values.md)."""

from __future__ import annotations

from typing import Any

import pytest

from gate import yamlnodes
from gate.engine.conditions import Compiler
from gate.engine.context import Context
from gate.engine.evaluate import evaluation_gap
from gate.engine.index import ResourceIndex
from gate.model import Location, Resource
from gate.values import IDENTIFIER_MARK, PARTITION_MARK, UNKNOWN_MARK, Origin, Unknown, UnknownText, unknown_of


def resource(attributes: dict[str, Any], type_: str = "aws_iam_policy") -> Resource:
    return Resource("x.y", type_, "terraform", attributes, Location(file="main.tf"), scope="s")


def outcome(condition: str, target: Resource) -> Any:
    compiled = Compiler("p.yaml").compile(yamlnodes.load(condition, "p.yaml"))
    return compiled.evaluate(Context(target, ResourceIndex([target]), {}), target.attributes, "")


def text(value: str, origin: Origin = Origin.DERIVED) -> Unknown:
    return Unknown(partial=UnknownText(value), origin=origin)


def statement(**fields: Any) -> dict[str, Any]:
    return {"policy": {"Statement": [{"Effect": "Allow", **fields}]}}


@pytest.mark.parametrize(
    ("action", "verdict"),
    [
        (text(f"iam:{UNKNOWN_MARK}"), None),  # the unknown part may be "*"
        (text(f"s3:{UNKNOWN_MARK}"), False),  # whatever it is, it is no IAM action
        (text(f"{UNKNOWN_MARK}:*"), None),
        (text(f"iam:*{UNKNOWN_MARK}"), None),  # every IAM action only if the unknown part is empty
        (Unknown(origin=Origin.IDENTIFIER), False),
        (Unknown(origin=Origin.COMPUTED), None),
    ],
)
def test_partly_known_actions(action: Unknown, verdict: bool | None) -> None:
    target = resource(statement(Action=action, Resource="*"))
    assert outcome("{helper: iam_statement, attr: policy, action: 'iam:*', resource: '*'}", target).value is verdict


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        (text(f"arn:aws:s3:::{IDENTIFIER_MARK}/*"), False),  # an ARN with known parts is never "*"
        (text(f"arn:{PARTITION_MARK}:s3:::{UNKNOWN_MARK}"), False),
        (text(f"{UNKNOWN_MARK}*"), None),  # may be "*" alone
        (Unknown(origin=Origin.IDENTIFIER), False),
        (Unknown(origin=Origin.UNSET), None),
    ],
)
def test_partly_known_resources(value: Unknown, verdict: bool | None) -> None:
    target = resource(statement(Action="*", Resource=value))
    assert outcome("{helper: iam_statement, attr: policy, action: '*', resource: '*'}", target).value is verdict


def test_a_pattern_matches_a_string_built_with_the_partition_in_every_partition() -> None:
    admin = text(f"arn:{PARTITION_MARK}:iam::aws:policy/AdministratorAccess")
    condition = "{attr: policy_arn, matches: '^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$'}"
    assert outcome(condition, resource({"policy_arn": admin})).value is True
    commercial = "{attr: policy_arn, matches: '^arn:aws:iam::aws:policy/AdministratorAccess$'}"
    assert outcome(commercial, resource({"policy_arn": admin})).value is None  # aws-cn would not match


def test_an_unknown_outcome_names_its_gap() -> None:
    gap = Unknown(reason="function strrev() is not evaluated by the gate", origin=Origin.GAP)
    plain = Unknown(origin=Origin.UNSET)
    rule = {"from_port": 22, "to_port": 22, "protocol": "tcp"}
    condition = "{helper: ingress_open, ports: [22]}"
    with_gap = resource({"ingress": [{**rule, "cidr_blocks": [gap]}]}, "aws_security_group")
    assert evaluation_gap(outcome(condition, with_gap).clues) == gap.reason
    without = resource({"ingress": [{**rule, "cidr_blocks": [plain]}], "description": gap}, "aws_security_group")
    found = outcome(condition, without)
    assert found.value is None and evaluation_gap(found.clues) is None


def test_derived_values_are_gaps_when_one_of_their_parts_is() -> None:
    gap = Unknown(frozenset({"a"}), reason="function f()", origin=Origin.GAP)
    assert unknown_of(Unknown(frozenset({"b"}), origin=Origin.IDENTIFIER), [gap]).origin is Origin.GAP
    derived = unknown_of(Unknown(frozenset({"b"}), origin=Origin.IDENTIFIER), "x")
    assert derived.origin is Origin.DERIVED and derived.refs == {"b"}
