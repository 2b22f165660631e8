"""The part of the SAM transform (``AWS::Serverless-2016-10-31``) that decides what policies judge.

SAM turns its resources into CloudFormation ones; the gate makes the same resources, from the template as written
(intrinsic functions are resolved afterwards, like any other property), as the SAM specification documents them
(https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources.html):

- ``AWS::Serverless::Function`` ``X`` becomes ``AWS::Lambda::Function`` ``X``; unless it names a ``Role``, its
  execution role ``XRole`` (``AWS::IAM::Role``) with ``AWSLambdaBasicExecutionRole``, the managed policies named or
  given by ARN in ``Policies``, and its inline policy documents (SAM's own policy templates are scoped by AWS and
  left out); ``FunctionUrlConfig`` makes ``XUrl`` (``AWS::Lambda::Url``) and, with ``AuthType: NONE``,
  ``XUrlPublicPermissions``, an ``AWS::Lambda::Permission`` for principal ``*``.
- A function's ``Api`` events make the methods of its API (``gate.loaders.sam_api``): ``XEventMethod``
  (``AWS::ApiGateway::Method``) with the authorization and API key the transform gives them; its ``HttpApi``
  events the routes ``XEventRoute`` (``AWS::ApiGatewayV2::Route``).
- ``AWS::Serverless::Api`` ``X`` makes its stage ``X<StageName>Stage`` (``AWS::ApiGateway::Stage``) with the
  method settings, cache and tracing given, and its ``Domain`` ``XDomainName`` (``AWS::ApiGateway::DomainName``).
- ``AWS::Serverless::SimpleTable`` ``X`` becomes ``AWS::DynamoDB::Table`` ``X`` with its ``SSESpecification``.

``Globals`` apply to each resource of their kind, the resource's own properties winning. Other SAM resources stay
as written.
"""

from __future__ import annotations

from typing import Any

from gate.loaders.cfn_values import is_call
from gate.loaders.sam_api import IMPLICIT_API, IMPLICIT_HTTP_API, api_methods, domain_name
from gate.yamlnodes import LineDict

_Apis = tuple[dict[str, dict[Any, Any] | None], dict[str, dict[Any, Any] | None]]  # REST APIs, HTTP APIs
_BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
_LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}
    ],
}
# AWS::Lambda::Function properties a SAM function passes on as they are.
_FUNCTION_PROPERTIES = (
    "Architectures",
    "CodeSigningConfigArn",
    "DeadLetterConfig",
    "Description",
    "Environment",
    "EphemeralStorage",
    "FileSystemConfigs",
    "FunctionName",
    "Handler",
    "ImageConfig",
    "KmsKeyArn",
    "Layers",
    "LoggingConfig",
    "MemorySize",
    "PackageType",
    "ReservedConcurrentExecutions",
    "Role",
    "Runtime",
    "RuntimeManagementConfig",
    "SnapStartConfig",
    "Tags",
    "Timeout",
    "TracingConfig",
    "VpcConfig",
)
_STAGE_PROPERTIES = (
    "MethodSettings",
    "CacheClusterEnabled",
    "CacheClusterSize",
    "TracingEnabled",
    "AccessLogSetting",
    "Variables",
    "Tags",
)


def expand(resources: dict[Any, Any], globals_section: Any) -> dict[Any, Any]:
    """``resources`` with SAM's functions, APIs and simple tables replaced or joined by what SAM makes of them."""
    defaults = globals_section if isinstance(globals_section, dict) else {}
    # The APIs that events may name, with their Globals; the implicit ones are made of Globals alone.
    apis: dict[str, dict[Any, Any] | None] = {IMPLICIT_API: _with_globals({}, defaults.get("Api"))}
    http_apis: dict[str, dict[Any, Any] | None] = {IMPLICIT_HTTP_API: _with_globals({}, defaults.get("HttpApi"))}
    for logical_id, body in resources.items():
        kind = body.get("Type") if isinstance(body, dict) else None
        if kind in ("AWS::Serverless::Api", "AWS::Serverless::HttpApi") and isinstance(logical_id, str):
            known, section = (apis, "Api") if kind == "AWS::Serverless::Api" else (http_apis, "HttpApi")
            known[logical_id] = _with_globals(body.get("Properties"), defaults.get(section))  # None: not known
    out = LineDict()
    out.line, out.end_line = getattr(resources, "line", 0), getattr(resources, "end_line", 0)
    key_lines = getattr(resources, "key_lines", {})
    for logical_id, body in resources.items():
        line = key_lines.get(logical_id, 0)
        kind = body.get("Type") if isinstance(body, dict) else None
        made = {logical_id: body}
        if kind in _MAKERS and isinstance(logical_id, str):
            properties = _with_globals(body.get("Properties"), defaults.get(_GLOBALS[kind]))
            if properties is not None:
                made = _MAKERS[kind](logical_id, body, properties, (apis, http_apis))
        for key, value in made.items():
            if key in out:  # the template declares a name SAM generates: SAM would refuse it
                continue
            out[key] = value
            out.key_lines[key] = line
    return out


def _function(logical_id: str, body: dict[Any, Any], properties: dict[Any, Any], apis: _Apis) -> dict[str, Any]:
    function = {key: properties[key] for key in _FUNCTION_PROPERTIES if key in properties}
    if "InlineCode" in properties:
        function["Code"] = {"ZipFile": properties["InlineCode"]}
    made: dict[str, Any] = {}
    if "Role" not in properties:
        role = f"{logical_id}Role"
        function["Role"] = {"Fn::GetAtt": [role, "Arn"]}
        made[role] = _resource(body, "AWS::IAM::Role", _role(logical_id, properties))
    made = {logical_id: _resource(body, "AWS::Lambda::Function", function), **made}
    url = properties.get("FunctionUrlConfig")
    if isinstance(url, dict):
        made[f"{logical_id}Url"] = _resource(
            body,
            "AWS::Lambda::Url",
            {
                **{key: url[key] for key in ("AuthType", "Cors", "InvokeMode") if key in url},
                "TargetFunctionArn": {"Ref": logical_id},
            },
        )
        if url.get("AuthType") == "NONE":
            made[f"{logical_id}UrlPublicPermissions"] = _resource(
                body,
                "AWS::Lambda::Permission",
                {
                    "Action": "lambda:InvokeFunctionUrl",
                    "FunctionName": {"Ref": logical_id},
                    "Principal": "*",
                    "FunctionUrlAuthType": "NONE",
                },
            )
    return {**made, **api_methods(logical_id, body, properties, *apis, _resource)}


def _role(logical_id: str, properties: dict[Any, Any]) -> dict[str, Any]:
    policies = properties.get("Policies")
    policies = policies if isinstance(policies, list) else [] if policies is None else [policies]
    managed: list[Any] = [_BASIC_EXECUTION]
    inline: list[Any] = []
    for policy in policies:
        if isinstance(policy, str):  # an AWS managed policy's name, or any policy's ARN
            managed.append(policy if policy.startswith("arn:") else f"arn:aws:iam::aws:policy/{policy}")
        elif is_call(policy):  # !Ref PolicyArn, !Sub arn:...: an ARN
            managed.append(policy)
        elif isinstance(policy, dict) and "Statement" in policy:
            inline.append({"PolicyName": f"{logical_id}RolePolicy{len(inline)}", "PolicyDocument": policy})
    role: dict[str, Any] = {
        "AssumeRolePolicyDocument": properties.get("AssumeRolePolicyDocument", _LAMBDA_TRUST),
        "ManagedPolicyArns": managed,
    }
    if inline:
        role["Policies"] = inline
    if "PermissionsBoundary" in properties:
        role["PermissionsBoundary"] = properties["PermissionsBoundary"]
    return role


def _api(logical_id: str, body: dict[Any, Any], properties: dict[Any, Any], apis: _Apis) -> dict[str, Any]:
    name = properties.get("StageName")
    stage = {key: properties[key] for key in _STAGE_PROPERTIES if key in properties}
    stage["StageName"] = name
    stage["RestApiId"] = {"Ref": logical_id}
    stage_id = f"{logical_id}{name if isinstance(name, str) and name.isalnum() else ''}Stage"
    return {
        logical_id: body,
        stage_id: _resource(body, "AWS::ApiGateway::Stage", stage),
        **domain_name(logical_id, body, properties, _resource),
    }


def _simple_table(logical_id: str, body: dict[Any, Any], properties: dict[Any, Any], apis: _Apis) -> dict[str, Any]:
    table = {
        key: properties[key]
        for key in ("SSESpecification", "TableName", "Tags", "ProvisionedThroughput")
        if key in properties
    }
    return {logical_id: _resource(body, "AWS::DynamoDB::Table", table)}


_MAKERS = {
    "AWS::Serverless::Function": _function,
    "AWS::Serverless::Api": _api,
    "AWS::Serverless::SimpleTable": _simple_table,
}
_GLOBALS = {
    "AWS::Serverless::Function": "Function",
    "AWS::Serverless::Api": "Api",
    "AWS::Serverless::SimpleTable": "SimpleTable",
}


def _with_globals(properties: Any, defaults: Any) -> dict[Any, Any] | None:
    if properties is None:
        properties = {}
    if not isinstance(properties, dict) or is_call(properties):
        return None  # Properties: !If [...]: left as written
    return {**defaults, **properties} if isinstance(defaults, dict) else dict(properties)


def _resource(original: dict[Any, Any], kind: str, properties: dict[str, Any]) -> LineDict:
    """A generated resource that keeps the SAM resource's condition and lines."""
    body = LineDict({"Type": kind, "Properties": properties})
    for attribute in ("Condition", "Metadata"):
        if attribute in original:
            body[attribute] = original[attribute]
    body.line, body.end_line = getattr(original, "line", 0), getattr(original, "end_line", 0)
    body.key_lines = dict(getattr(original, "key_lines", {}))
    return body
