"""CloudFormation read as AWS documents it: parameters, keys and attributes, from real template files."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.base import LoadOutput
from gate.loaders.detect import load_data_file
from gate.values import Origin, Unknown


def load(tmp_path: Path, text: str, name: str = "stack.yaml") -> LoadOutput:
    template = tmp_path / name
    template.write_text(text, encoding="utf-8")
    out = load_data_file(template, name, {})
    assert out is not None, f"{name} was not read as a template"
    return out


def test_a_number_parameter_is_its_text(tmp_path: Path) -> None:
    # AWS (Parameters, Type Number): CloudFormation validates the value as a number, but Ref gives it as a string,
    # so "01" stays "01" and Fn::Equals compares text.
    out = load(
        tmp_path,
        "Parameters:\n  Tier: {Type: Number, Default: '01'}\n  Port: {Type: Number, Default: 22}\n"
        "Conditions:\n  Legacy: !Equals [!Ref Tier, '01']\n"
        "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Condition: Legacy\n    Properties: {TopicName: !Ref Port}\n",
    )
    assert [r.attributes for r in out.resources] == [{"TopicName": "22"}]


def test_an_attribute_that_returns_a_property_is_that_property(tmp_path: Path) -> None:
    # AWS::SSM::Parameter, Return values: Value returns the parameter's value, as the template sets it.
    out = load(
        tmp_path,
        "Resources:\n  Source:\n    Type: AWS::SSM::Parameter\n    Properties: {Type: String, Value: 0.0.0.0/0}\n"
        "  Empty:\n    Type: AWS::SSM::Parameter\n    Properties: {Type: String, Value: !Ref AWS::Region}\n"
        "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !GetAtt Empty.Value\n"
        "      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !GetAtt Source.Value}]\n",
    )
    sg = {r.address: r for r in out.resources}["Sg"]
    assert sg.attributes["SecurityGroupIngress"][0]["CidrIp"] == "0.0.0.0/0"
    assert sg.references["SecurityGroupIngress"] == {"Source"}
    assert isinstance(sg.attributes["GroupDescription"], Unknown)


def test_attributes_someone_else_returns_are_never_concrete(tmp_path: Path) -> None:
    # A custom resource's attributes are the Data its Lambda returns; a nested stack's are its Outputs: an
    # attribute called ...Id there may be any string, the internet's CIDR included.
    out = load(
        tmp_path,
        "Resources:\n  Lookup:\n    Type: Custom::Lookup\n    Properties: {ServiceToken: arn:aws:lambda:x}\n"
        "  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: https://example.com/t.yaml}\n"
        "  Role:\n    Type: AWS::IAM::Role\n    Properties: {AssumeRolePolicyDocument: {}}\n"
        "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Lookup.CidrId\n"
        "      DisplayName: !GetAtt Child.Outputs.VpcId\n      KmsMasterKeyId: !GetAtt Role.Arn\n",
    )
    topic = {r.address: r for r in out.resources}["T"].attributes
    assert topic["TopicName"].origin is Origin.DERIVED
    assert topic["DisplayName"].origin is Origin.DERIVED
    assert topic["KmsMasterKeyId"].origin is Origin.IDENTIFIER


def test_a_property_rds_decides_at_deploy_is_unknown_when_omitted(tmp_path: Path) -> None:
    # CreateDBInstance: without PubliclyAccessible the instance is public when its VPC has an internet gateway.
    out = load(
        tmp_path,
        "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres}\n"
        "  Private:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, PubliclyAccessible: false}\n",
    )
    found = {r.address: r.attributes["PubliclyAccessible"] for r in out.resources}
    assert isinstance(found["Db"], Unknown) and found["Db"].origin is Origin.DEPLOY
    assert found["Private"] is False
