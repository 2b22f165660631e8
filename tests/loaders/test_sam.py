"""SAM resources judged by what the transform makes (sam-specification-generated-resources-*), from real files."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.detect import load_data_file
from gate.model import Resource
from gate.values import Unknown


def load(tmp_path: Path, text: str) -> dict[str, Resource]:
    path = tmp_path / "template.yaml"
    path.write_text("Transform: AWS::Serverless-2016-10-31\n" + text, encoding="utf-8")
    out = load_data_file(path, "template.yaml", {})
    assert out is not None and out.errors == []
    return {r.address: r for r in out.resources}


def test_a_function_makes_its_role_url_and_public_permission(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        """\
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
""",
    )
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
    assert role["Policies"] == [
        {
            "PolicyName": "FnRolePolicy0",
            "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
        }
    ]
    assert found["FnUrl"].attributes["AuthType"] == "NONE"
    assert found["FnUrlPublicPermissions"].attributes["Principal"] == "*"


def test_a_function_with_its_own_role_and_an_iam_url(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        """\
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: h, Runtime: python3.12, Role: arn:aws:iam::123456789012:role/r,
                 FunctionUrlConfig: {AuthType: AWS_IAM}}
""",
    )
    assert set(found) == {"Fn", "FnUrl"}


def test_api_stage_and_simple_table(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        """\
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
""",
    )
    assert found["ApiprodStage"].type == "AWS::ApiGateway::Stage"
    assert found["ApiprodStage"].attributes["MethodSettings"][0]["CachingEnabled"] is True
    assert found["Table"].type == "AWS::DynamoDB::Table"
    assert found["Table"].attributes["SSESpecification"] == {"SSEEnabled": True}


def test_api_events_make_methods_with_the_authorization_the_transform_gives(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        """\
Globals:
  Api:
    Auth: {ApiKeyRequired: true}
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Users
        Authorizers:
          Users: {UserPoolArn: arn:aws:cognito-idp:eu-west-1:111122223333:userpool/x}
          Tokens: {FunctionArn: arn:aws:lambda:eu-west-1:111122223333:function:auth}
      Domain: {DomainName: api.example.com, CertificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/c,
               SecurityPolicy: TLS_1_0, EndpointConfiguration: EDGE}
  Described:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod, DefinitionBody: {}, Auth: {DefaultAuthorizer: AWS_IAM}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: h
      Runtime: python3.12
      InlineCode: "x"
      Events:
        ByDefault: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /a, Method: get}}
        Token: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /b, Method: post, Auth: {Authorizer: Tokens}}}
        Open: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /c, Method: any, Auth: {Authorizer: NONE}}}
        Implicit: {Type: Api, Properties: {Path: /d, Method: get}}
        # a DefinitionBody keeps the default authorizer unless the event sets OverrideApiAuth
        Kept: {Type: Api, Properties: {RestApiId: !Ref Described, Path: /e, Method: get, Auth: {Authorizer: NONE}}}
        Overridden: {Type: Api, Properties: {RestApiId: !Ref Described, Path: /f, Method: get,
                                             Auth: {Authorizer: NONE, OverrideApiAuth: true}}}
        Queue: {Type: SQS, Properties: {Queue: arn:aws:sqs:eu-west-1:111122223333:q}}
""",
    )
    methods = {
        a[2:-6]: (r.attributes["HttpMethod"], r.attributes["AuthorizationType"], r.attributes["ApiKeyRequired"])
        for a, r in found.items()
        if r.type == "AWS::ApiGateway::Method"
    }
    assert methods == {
        "ByDefault": ("GET", "COGNITO_USER_POOLS", False),
        "Token": ("POST", "CUSTOM", False),
        "Open": ("ANY", "NONE", False),
        "Implicit": ("GET", "NONE", True),  # the implicit API is made of Globals alone
        "Kept": ("GET", "AWS_IAM", False),
        "Overridden": ("GET", "NONE", False),
    }
    assert found["FnImplicitMethod"].location.start_line == found["Fn"].location.start_line
    domain = found["ApiDomainName"]
    assert domain.type == "AWS::ApiGateway::DomainName"
    assert domain.attributes["SecurityPolicy"] == "TLS_1_0" and domain.attributes["EndpointConfiguration"] == {
        "Types": ["EDGE"]
    }
    assert domain.attributes["CertificateArn"].startswith("arn:aws:acm:")


def test_an_api_whose_properties_are_known_at_deploy_leaves_its_methods_unknown(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        """\
Transform: AWS::Serverless-2016-10-31
Parameters:
  Secure: {Type: String}
Conditions:
  IsSecure: !Equals [!Ref Secure, "yes"]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: !If [IsSecure, {StageName: p, Auth: {DefaultAuthorizer: AWS_IAM}}, {StageName: p}]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: h
      Runtime: python3.12
      InlineCode: "x"
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /a, Method: get}}
""",
        encoding="utf-8",
    )
    out = load_data_file(path, "template.yaml", {})
    assert out is not None and [e.message for e in out.errors] == [
        "template.yaml:9: the Properties of Api depend on a condition known only at deploy"
    ]
    method = {r.address: r for r in out.resources}["FnGetMethod"]
    assert isinstance(method.attributes["AuthorizationType"], Unknown)


def test_http_api_events_make_routes_with_the_authorization_the_transform_gives(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        """\
Globals:
  HttpApi:
    Auth:
      DefaultAuthorizer: Tokens
      Authorizers:
        Tokens: {FunctionArn: arn:aws:lambda:eu-west-1:111122223333:function:auth}
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt: {JwtConfiguration: {issuer: "https://example.com", audience: [a]}, IdentitySource: "$request.header.Authorization"}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: h
      Runtime: python3.12
      InlineCode: "x"
      Events:
        Get: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /a, Method: get}}
        Open: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /b, Method: post, Auth: {Authorizer: NONE}}}
        Implicit: {Type: HttpApi}
""",
    )
    routes = {
        a: (r.attributes["RouteKey"], r.attributes["AuthorizationType"])
        for a, r in found.items()
        if r.type == "AWS::ApiGatewayV2::Route"
    }
    assert routes == {
        "FnGetRoute": ("GET /a", "JWT"),
        "FnOpenRoute": ("POST /b", "NONE"),
        "FnImplicitRoute": ("$default", "CUSTOM"),
    }
