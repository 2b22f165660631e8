"""What the CloudFormation resolver makes of values known only at deploy, on a real template: each unknown's
origin, and the known parts of ``!Sub`` and ``!Join`` strings (docs/values.md)."""

from __future__ import annotations

from typing import Any

import pytest

from gate import yamlnodes
from gate.loaders import cfn_intrinsics
from gate.loaders.cloudformation import load_template, on_tag
from gate.values import ACCOUNT_MARK, IDENTIFIER_MARK, PARTITION_MARK, Origin, Unknown, known_text

TEMPLATE = """
Parameters:
  NoDefault:
    Type: String
  FromSsm:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /team/cidr
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  Probe:
    Type: AWS::SNS::Topic
    Properties:
      Tags:
        ref: !Ref Role
        arn: !GetAtt Role.Arn
        computed: !GetAtt Role.RoleLastUsed
        account: !Ref AWS::AccountId
        partition: !Ref AWS::Partition
        region: !Ref AWS::Region
        unset: !Ref NoDefault
        ssm: !Ref FromSsm
        imported: !ImportValue shared-cidr
        sub: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
        join: !Join ["", ["arn:", !Ref AWS::Partition, ":iam::210987654321:root"]]
        role_path: !Sub "${Role.Arn}/*"
        selected: !Select [0, !Split [":", !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"]]
        dynamic: "{{resolve:ssm:/team/account}}"
"""


@pytest.fixture(scope="module")
def tags() -> dict[str, Any]:
    out = load_template(yamlnodes.load(TEMPLATE, "t.yaml", on_tag=on_tag), "t.yaml", scope="t.yaml")
    assert out.errors == []
    (probe,) = [r for r in out.resources if r.address == "Probe"]
    return dict(probe.attributes["Tags"])


@pytest.mark.parametrize(
    ("tag", "origin"),
    [
        ("ref", Origin.IDENTIFIER),  # a resource's physical id, used as is
        ("arn", Origin.IDENTIFIER),
        ("computed", Origin.COMPUTED),
        ("account", Origin.ACCOUNT),
        ("partition", Origin.PARTITION),
        ("region", Origin.DEPLOY),
        ("unset", Origin.UNSET),
        ("ssm", Origin.DEPLOY),
        ("imported", Origin.DEPLOY),
        ("sub", Origin.DERIVED),
        ("join", Origin.DERIVED),
        ("selected", Origin.DERIVED),  # !Select / !Split over pseudo parameters: a plain unknown
        ("dynamic", Origin.DEPLOY),
    ],
)
def test_each_unknown_says_where_it_comes_from(tags: dict[str, Any], tag: str, origin: Origin) -> None:
    value = tags[tag]
    assert isinstance(value, Unknown)
    assert value.origin is origin, value.reason


def test_sub_and_join_keep_their_known_parts(tags: dict[str, Any]) -> None:
    assert known_text(tags["sub"]) == f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:root"
    assert known_text(tags["join"]) == f"arn:{PARTITION_MARK}:iam::210987654321:root"
    assert known_text(tags["role_path"]) == f"{IDENTIFIER_MARK}/*"
    assert known_text(tags["selected"]) is None


def test_a_crash_of_the_resolver_is_an_error_naming_the_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: Any) -> Any:
        raise KeyError("inside the gate")

    monkeypatch.setitem(cfn_intrinsics._FUNCTIONS, "Fn::Select", crash)
    out = load_template(yamlnodes.load(TEMPLATE, "t.yaml", on_tag=on_tag), "t.yaml", scope="t.yaml")
    assert [(e.file, e.line) for e in out.errors] == [("t.yaml", 13)]
    assert "KeyError" in out.errors[0].message and "bug of the gate" in out.errors[0].message
    assert "Probe" not in {r.address for r in out.resources}
