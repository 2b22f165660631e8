"""What the SAM transform makes of REST API events and custom domains, for the policies of API Gateway.

SAM writes each ``Api`` event of a function into the OpenAPI body of its ``AWS::Serverless::Api`` (the implicit
``ServerlessRestApi``, shaped by ``Globals.Api``, when the event names no ``RestApiId``), with the authorizer the
event names or else the API's ``DefaultAuthorizer``, and the API key the event or the API requires
(https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-apifunctionauth.html,
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiauth.html).
The gate makes each such method an ``AWS::ApiGateway::Method`` with the ``AuthorizationType`` and
``ApiKeyRequired`` the body gives it, so that the policies of API Gateway methods judge it. ``HttpApi`` events
make ``AWS::ApiGatewayV2::Route`` resources the same way, from the ``AWS::Serverless::HttpApi`` they name (the
implicit ``ServerlessHttpApi`` otherwise): ``NONE``, ``AWS_IAM``, ``JWT`` for an authorizer with a
``JwtConfiguration``, ``CUSTOM`` for a Lambda one
(https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-httpapifunctionauth.html,
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapiauth.html). An API's ``Domain``
makes its ``AWS::ApiGateway::DomainName`` (``AWS::ApiGateway::DomainNameV2`` for a private endpoint), the
certificate in the property its endpoint type uses
(https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-domainconfiguration.html).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gate.loaders.cfn_values import is_call
from gate.values import Origin, Unknown

IMPLICIT_API = "ServerlessRestApi"
IMPLICIT_HTTP_API = "ServerlessHttpApi"
Make = Callable[[dict[Any, Any], str, dict[str, Any]], Any]


def api_methods(
    function_id: str,
    body: dict[Any, Any],
    properties: dict[Any, Any],
    apis: dict[str, dict[Any, Any] | None],
    http_apis: dict[str, dict[Any, Any] | None],
    make: Make,
) -> dict[str, Any]:
    """The methods and routes the function's ``Api`` and ``HttpApi`` events add to their APIs, by the logical id
    the gate gives them."""
    events = properties.get("Events")
    made: dict[str, Any] = {}
    for name, event in events.items() if isinstance(events, dict) else ():
        kind = event.get("Type") if isinstance(event, dict) else None
        if kind not in ("Api", "HttpApi"):
            continue
        props = _dict(event.get("Properties"))
        known = apis if kind == "Api" else http_apis
        api_id = _api_id(
            props.get("RestApiId" if kind == "Api" else "ApiId"),
            known,
            IMPLICIT_API if kind == "Api" else IMPLICIT_HTTP_API,
        )
        if api_id is None:  # not an API of this template: the transform refuses the event
            continue
        auth = _dict(props.get("Auth"))
        method = props.get("Method")
        method = method.upper() if isinstance(method, str) else method
        if kind == "Api":
            made[f"{function_id}{name}Method"] = make(
                body,
                "AWS::ApiGateway::Method",
                {
                    "HttpMethod": method,
                    **_authorization(auth, known[api_id], api_id),
                    "RestApiId": {"Ref": api_id},
                },
            )
            continue
        path = props.get("Path")
        route_key = f"{method} {path}" if isinstance(method, str) and isinstance(path, str) else "$default"
        authorization = _authorization(auth, known[api_id], api_id, rest=False)
        made[f"{function_id}{name}Route"] = make(
            body,
            "AWS::ApiGatewayV2::Route",
            {
                "RouteKey": route_key,
                "AuthorizationType": authorization["AuthorizationType"],
                "ApiId": {"Ref": api_id},
            },
        )
    return made


def _authorization(auth: dict[Any, Any], api: dict[Any, Any] | None, api_id: str, rest: bool = True) -> dict[str, Any]:
    """``AuthorizationType`` and ``ApiKeyRequired`` of an event's method on ``api`` (None: an API whose properties
    are not known until deploy, such as ``Properties: !If [...]``); ``rest``: a REST API (``OverrideApiAuth``)."""
    if api is None:
        unknown = Unknown(reason=f"the properties of {api_id} are known only at deploy", origin=Origin.DEPLOY)
        return {"AuthorizationType": unknown, "ApiKeyRequired": unknown}
    api_auth = _dict(api.get("Auth"))
    authorizer = auth.get("Authorizer")
    # With a DefinitionBody, an event overrides the API's default authorizer only with OverrideApiAuth.
    if authorizer is None or (rest and "DefinitionBody" in api and auth.get("OverrideApiAuth") is not True):
        authorizer = api_auth.get("DefaultAuthorizer", authorizer)
    return {
        "AuthorizationType": _authorization_type(authorizer, _dict(api_auth.get("Authorizers"))),
        "ApiKeyRequired": auth.get("ApiKeyRequired", api_auth.get("ApiKeyRequired", False)),
    }


def _dict(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) and not is_call(value) else {}


def _api_id(rest_api_id: Any, apis: dict[str, dict[Any, Any] | None], implicit: str) -> str | None:
    if rest_api_id is None:
        return implicit
    name = rest_api_id.get("Ref") if isinstance(rest_api_id, dict) and len(rest_api_id) == 1 else rest_api_id
    return name if isinstance(name, str) and name in apis else None


def _authorization_type(authorizer: Any, authorizers: dict[Any, Any]) -> Any:
    """API Gateway's AuthorizationType for a SAM authorizer: none named is ``NONE``; a Cognito authorizer (one with
    a ``UserPoolArn``) is ``COGNITO_USER_POOLS``, a JWT one (``JwtConfiguration``, HTTP APIs) ``JWT``, a Lambda
    authorizer ``CUSTOM``. A value given by an intrinsic function stays one, to be resolved (or left unknown)
    like any other property."""
    if authorizer is None:
        return "NONE"
    if not isinstance(authorizer, str):
        return authorizer
    if authorizer in ("NONE", "AWS_IAM"):
        return authorizer
    definition = authorizers.get(authorizer)
    if isinstance(definition, dict) and "UserPoolArn" in definition:
        return "COGNITO_USER_POOLS"
    return "JWT" if isinstance(definition, dict) and "JwtConfiguration" in definition else "CUSTOM"


def domain_name(api_id: str, body: dict[Any, Any], properties: dict[Any, Any], make: Make) -> dict[str, Any]:
    """The custom domain of the API's ``Domain``, if it has one."""
    domain = _dict(properties.get("Domain"))
    if not domain:
        return {}
    endpoint = domain.get("EndpointConfiguration", "REGIONAL")
    made: dict[str, Any] = {
        key: domain[key]
        for key in ("DomainName", "SecurityPolicy", "MutualTlsAuthentication", "OwnershipVerificationCertificateArn")
        if key in domain
    }
    if endpoint == "PRIVATE":
        made.pop("MutualTlsAuthentication", None)
        made["CertificateArn"] = domain.get("CertificateArn")
        return {f"{api_id}DomainNameV2": make(body, "AWS::ApiGateway::DomainNameV2", made)}
    made["EndpointConfiguration"] = {"Types": [endpoint]}
    made["CertificateArn" if endpoint == "EDGE" else "RegionalCertificateArn"] = domain.get("CertificateArn")
    return {f"{api_id}DomainName": make(body, "AWS::ApiGateway::DomainName", made)}
