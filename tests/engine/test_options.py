"""A CloudFormation parameter without a value but with ``AllowedValues`` is judged over the values it allows
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html: "AllowedValues:
An array containing the list of values allowed for the parameter"): it fails when one allowed value fails,
passes when all pass, and stays unknown without a list."""

from __future__ import annotations

from pathlib import Path

from gate.api import ScanOptions, scan
from gate.model import Status

TEMPLATE = """\
Parameters:
  Private: {Type: String, AllowedValues: [10.0.0.0/16, 10.1.0.0/16]}
  Either: {Type: String, AllowedValues: [10.0.0.0/16, 0.0.0.0/0]}
  Free: {Type: String}
  Port: {Type: Number, AllowedValues: [443, 22]}
Resources:
  Safe:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Private}]
  Risky:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Either}]
  Unlisted:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Free}]
  PortChoice:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, CidrIp: 0.0.0.0/0}]
  Derived:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Sub "${Private}"}]
"""


def ssh(tmp_path: Path) -> dict[str, Status]:
    (tmp_path / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    run = scan(ScanOptions(paths=[tmp_path / "t.yaml"], cwd=tmp_path, environ={}, parse_cache=False))
    return {r.resource.address: r.status for r in run.results if r.policy_id == "GATE-NET-001"}


def test_each_allowed_value_is_judged(tmp_path: Path) -> None:
    found = ssh(tmp_path)
    assert found["Safe"] is Status.PASSED  # both allowed ranges are private
    assert found["Risky"] is Status.FAILED  # the deployer may choose 0.0.0.0/0
    assert found["Unlisted"] is Status.UNKNOWN  # no list: any value, known only at deploy
    assert found["PortChoice"] is Status.FAILED  # 22 is allowed, from the whole internet
    # a value built from the parameter (Fn::Sub) is another value: its options are not carried, so unknown
    assert found["Derived"] is Status.UNKNOWN
