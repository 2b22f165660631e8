"""Fn::ForEach expanded as AWS documents it (intrinsic-function-reference-foreach), from real template files."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.base import LoadOutput
from gate.loaders.detect import load_data_file
from gate.model import Resource
from gate.values import Origin, Unknown, known_text

HEAD = "Transform: AWS::LanguageExtensions\n"


def load(tmp_path: Path, text: str) -> LoadOutput:
    template = tmp_path / "stack.yaml"
    template.write_text(HEAD + text, encoding="utf-8")
    out = load_data_file(template, "stack.yaml", {})
    assert out is not None
    return out


def by_address(out: LoadOutput) -> dict[str, Resource]:
    return {resource.address: resource for resource in out.resources}


def test_keys_values_refs_and_ampersand_are_substituted(tmp_path: Path) -> None:
    out = load(
        tmp_path,
        """\
Resources:
  Fn::ForEach::Rules:
    - Cidr
    - [10.0.0.0/8, 0.0.0.0/0]
    - Sg&{Cidr}:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: !Sub "open to ${Cidr}"
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr}]
          Tags: [{Key: cidr, Value: "${Cidr}"}]
""",
    )
    assert out.errors == []
    found = by_address(out)
    assert set(found) == {"Sg100008", "Sg00000"}  # &{} drops what is not alphanumeric
    open_sg = found["Sg00000"].attributes
    assert open_sg["GroupDescription"] == "open to 0.0.0.0/0"
    assert open_sg["SecurityGroupIngress"][0]["CidrIp"] == "0.0.0.0/0"
    assert open_sg["Tags"] == [{"Key": "cidr", "Value": "0.0.0.0/0"}]
    assert found["Sg00000"].location.start_line == 6


def test_nested_loops_in_properties_and_a_list_parameter(tmp_path: Path) -> None:
    out = load(
        tmp_path,
        """\
Parameters:
  Names: {Type: CommaDelimitedList, Default: "a,b"}
Resources:
  Fn::ForEach::Buckets:
    - Name
    - !Ref Names
    - ${Name}Bucket:
        Type: AWS::S3::Bucket
        Properties:
          Fn::ForEach::Props:
            - Prop
            - [BucketName]
            - ${Prop}: !Sub "${Name}-bucket"
""",
    )
    assert out.errors == []
    assert {r.address: r.attributes for r in out.resources} == {
        "aBucket": {"BucketName": "a-bucket"},
        "bBucket": {"BucketName": "b-bucket"},
    }


def test_a_collection_known_at_deploy_keeps_its_resources_with_unknown_items(tmp_path: Path) -> None:
    out = load(
        tmp_path,
        """\
Parameters:
  Cidrs: {Type: CommaDelimitedList}
Resources:
  Fn::ForEach::Rules:
    - Cidr
    - !Ref Cidrs
    - Sg&{Cidr}:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: !Sub "rule ${Cidr}"
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr}]
          Tags: [{Key: cidr, Value: "from ${Cidr}"}]
""",
    )
    assert out.errors == []
    (resource,) = out.resources  # never dropped
    assert resource.address == "Sg&{Cidr}"
    cidr = resource.attributes["SecurityGroupIngress"][0]["CidrIp"]
    assert isinstance(cidr, Unknown) and cidr.origin is Origin.DERIVED  # a plain unknown: any CIDR
    assert isinstance(resource.attributes["GroupDescription"], Unknown)
    tag = resource.attributes["Tags"][0]["Value"]
    assert isinstance(tag, Unknown) and (known_text(tag) or "").startswith("from ")
    assert any("Fn::ForEach::Rules" in notice for notice in out.notices)


def test_a_malformed_loop_is_an_error(tmp_path: Path) -> None:
    out = load(
        tmp_path,
        "Resources:\n  Fn::ForEach::X:\n    - Name\n    - {a: b}\n    - {'T${Name}': {Type: AWS::SNS::Topic}}\n",
    )
    assert [(e.line, "Fn::ForEach::X" in e.detail) for e in out.errors] == [(3, True)]


def test_loops_that_multiply_past_the_limit_are_an_error(tmp_path: Path) -> None:
    items = "[" + ", ".join(f"i{n}" for n in range(120)) + "]"
    out = load(
        tmp_path,
        f"""\
Resources:
  Fn::ForEach::A:
    - X
    - {items}
    - Fn::ForEach::B:
        - Y
        - {items}
        - {{"T${{X}}${{Y}}": {{Type: AWS::SNS::Topic}}}}
""",
    )
    assert any("too many" in error.detail for error in out.errors)
