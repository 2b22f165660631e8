"""SAM resources judged by what the transform makes (sam-specification-generated-resources-*), from real files."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.detect import load_data_file
from gate.model import Resource


def load(tmp_path: Path, text: str) -> dict[str, Resource]:
    path = tmp_path / "template.yaml"
    path.write_text("Transform: AWS::Serverless-2016-10-31\n" + text, encoding="utf-8")
    out = load_data_file(path, "template.yaml", {})
    assert out is not None and out.errors == []
    return {r.address: r for r in out.resources}


def test_a_function_makes_its_role_url_and_public_permission(tmp_path: Path) -> None:
    found = load(tmp_path, """\
Globals:
  Function: {Runtime: python3.12, Timeout: 5}
Parameters:
  Extra: {Type: String, Default: "arn:aws:iam::123456789012:policy/extra"}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Timeout: 9
      InlineCode: "x"
      Policies:
        - AdministratorAccess
        - !Ref Extra
        - S3ReadPolicy: {BucketName: b}
        - Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
      FunctionUrlConfig: {AuthType: NONE}
""")
    function = found["Fn"]
    assert function.type == "AWS::Lambda::Function" and function.location.start_line == 7
    assert function.attributes["Runtime"] == "python3.12" and function.attributes["Timeout"] == 9  # Globals, own wins
    assert function.references["Role"] == {"FnRole"}
    role = found["FnRole"].attributes
    assert role["ManagedPolicyArns"] == [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::123456789012:policy/extra",
    ]
    assert role["Policies"] == [{"PolicyName": "FnRolePolicy0",
                                 "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]
    assert found["FnUrl"].attributes["AuthType"] == "NONE"
    assert found["FnUrlPublicPermissions"].attributes["Principal"] == "*"


def test_a_function_with_its_own_role_and_an_iam_url(tmp_path: Path) -> None:
    found = load(tmp_path, """\
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: h, Runtime: python3.12, Role: arn:aws:iam::123456789012:role/r,
                 FunctionUrlConfig: {AuthType: AWS_IAM}}
""")
    assert set(found) == {"Fn", "FnUrl"}


def test_api_stage_and_simple_table(tmp_path: Path) -> None:
    found = load(tmp_path, """\
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      CacheClusterEnabled: true
      MethodSettings: [{ResourcePath: "/*", HttpMethod: "*", CachingEnabled: true}]
  Table:
    Type: AWS::Serverless::SimpleTable
    Properties: {SSESpecification: {SSEEnabled: true}}
""")
    assert found["ApiprodStage"].type == "AWS::ApiGateway::Stage"
    assert found["ApiprodStage"].attributes["MethodSettings"][0]["CachingEnabled"] is True
    assert found["Table"].type == "AWS::DynamoDB::Table"
    assert found["Table"].attributes["SSESpecification"] == {"SSEEnabled": True}
