"""serverless.yml: its resources section and the functions' role are CloudFormation, judged as such."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.detect import load_data_file
from gate.values import Unknown


def test_resources_and_the_execution_role_of_a_service(tmp_path: Path) -> None:
    path = tmp_path / "serverless.yml"
    path.write_text(
        """\
service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - {Effect: Allow, Action: "*", Resource: "*"}
custom: {cidr: 0.0.0.0/0}
resources:
  Resources:
    Sg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: !Sub "sg in ${AWS::Region}"
        VpcId: !Ref ServerlessVpc
        SecurityGroupIngress:
          - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: "${self:custom.cidr}"}
""",
        encoding="utf-8",
    )
    out = load_data_file(path, "serverless.yml", {})
    assert out is not None and out.errors == []  # ServerlessVpc may be the framework's: not an error
    found = {r.address: r for r in out.resources}
    cidr = found["Sg"].attributes["SecurityGroupIngress"][0]["CidrIp"]
    assert isinstance(cidr, Unknown) and cidr.gap  # the framework's variable: a gap, not the literal text
    assert found["Sg"].location.start_line == 11
    role = found["IamRoleLambdaExecution"]
    assert role.type == "AWS::IAM::Role" and role.location.start_line == 5
    assert role.attributes["Policies"][0]["PolicyDocument"]["Statement"] == [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}
    ]


def test_a_service_without_resources_is_not_infrastructure(tmp_path: Path) -> None:
    path = tmp_path / "serverless.yml"
    path.write_text("service: x\nprovider: {name: aws}\nfunctions: {a: {handler: h}}\n", encoding="utf-8")
    assert load_data_file(path, "serverless.yml", {}) is None
