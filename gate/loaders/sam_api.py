"""What the SAM transform makes of REST API events and custom domains, for the policies of API Gateway.

SAM writes each ``Api`` event of a function into the OpenAPI body of its ``AWS::Serverless::Api`` (the implicit
``ServerlessRestApi``, shaped by ``Globals.Api``, when the event names no ``RestApiId``), with the authorizer the
event names or else the API's ``DefaultAuthorizer``, and the API key the event or the API requires
(https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-apifunctionauth.html,
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiauth.html).
The gate makes each such method an ``AWS::ApiGateway::Method`` with the ``AuthorizationType`` and
``ApiKeyRequired`` the body gives it, so that the policies of API Gateway methods judge it. An API's ``Domain``
makes its ``AWS::ApiGateway::DomainName`` (``AWS::ApiGateway::DomainNameV2`` for a private endpoint), the
certificate in the property its endpoint type uses
(https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-domainconfiguration.html).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gate.loaders.cfn_intrinsics import is_call
from gate.values import Origin, Unknown

IMPLICIT_API = "ServerlessRestApi"
Make = Callable[[dict[Any, Any], str, dict[str, Any]], Any]


def api_methods(function_id: str, body: dict[Any, Any], properties: dict[Any, Any],
                apis: dict[str, dict[Any, Any] | None], make: Make) -> dict[str, Any]:
    """The methods the function's ``Api`` events add to their APIs, by the logical id the gate gives them."""
    events = properties.get("Events")
    made: dict[str, Any] = {}
    for name, event in events.items() if isinstance(events, dict) else ():
        if not isinstance(event, dict) or event.get("Type") != "Api":
            continue
        props = event.get("Properties")
        props = props if isinstance(props, dict) else {}
        api_id = _api_id(props.get("RestApiId"), apis)
        if api_id is None:  # not an AWS::Serverless::Api of this template: the transform refuses the event
            continue
        api = apis[api_id]
        auth = _dict(props.get("Auth"))
        method = props.get("Method")
        made[f"{function_id}{name}Method"] = make(body, "AWS::ApiGateway::Method", {
            "HttpMethod": method.upper() if isinstance(method, str) else method,
            **_authorization(auth, api, api_id),
            "RestApiId": {"Ref": api_id},
        })
    return made


def _authorization(auth: dict[Any, Any], api: dict[Any, Any] | None, api_id: str) -> dict[str, Any]:
    """``AuthorizationType`` and ``ApiKeyRequired`` of an event's method on ``api`` (None: an API whose properties
    are not known until deploy, such as ``Properties: !If [...]``)."""
    if api is None:
        unknown = Unknown(reason=f"the properties of {api_id} are known only at deploy", origin=Origin.DEPLOY)
        return {"AuthorizationType": unknown, "ApiKeyRequired": unknown}
    api_auth = _dict(api.get("Auth"))
    authorizer = auth.get("Authorizer")
    # With a DefinitionBody, an event overrides the API's default authorizer only with OverrideApiAuth.
    if authorizer is None or ("DefinitionBody" in api and auth.get("OverrideApiAuth") is not True):
        authorizer = api_auth.get("DefaultAuthorizer", authorizer)
    return {
        "AuthorizationType": _authorization_type(authorizer, _dict(api_auth.get("Authorizers"))),
        "ApiKeyRequired": auth.get("ApiKeyRequired", api_auth.get("ApiKeyRequired", False)),
    }


def _dict(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) and not is_call(value) else {}


def _api_id(rest_api_id: Any, apis: dict[str, dict[Any, Any] | None]) -> str | None:
    if rest_api_id is None:
        return IMPLICIT_API
    name = rest_api_id.get("Ref") if isinstance(rest_api_id, dict) and len(rest_api_id) == 1 else rest_api_id
    return name if isinstance(name, str) and name in apis else None


def _authorization_type(authorizer: Any, authorizers: dict[Any, Any]) -> Any:
    """API Gateway's AuthorizationType for a SAM authorizer: none named is ``NONE``; a Cognito authorizer (one with
    a ``UserPoolArn``) is ``COGNITO_USER_POOLS``, a Lambda authorizer ``CUSTOM``. A value given by an intrinsic
    function stays one, to be resolved (or left unknown) like any other property."""
    if authorizer is None:
        return "NONE"
    if not isinstance(authorizer, str):
        return authorizer
    if authorizer in ("NONE", "AWS_IAM"):
        return authorizer
    definition = authorizers.get(authorizer)
    return "COGNITO_USER_POOLS" if isinstance(definition, dict) and "UserPoolArn" in definition else "CUSTOM"


def domain_name(api_id: str, body: dict[Any, Any], properties: dict[Any, Any], make: Make) -> dict[str, Any]:
    """The custom domain of the API's ``Domain``, if it has one."""
    domain = _dict(properties.get("Domain"))
    if not domain:
        return {}
    endpoint = domain.get("EndpointConfiguration", "REGIONAL")
    made: dict[str, Any] = {key: domain[key] for key in ("DomainName", "SecurityPolicy", "MutualTlsAuthentication",
                                                         "OwnershipVerificationCertificateArn") if key in domain}
    if endpoint == "PRIVATE":
        made.pop("MutualTlsAuthentication", None)
        made["CertificateArn"] = domain.get("CertificateArn")
        return {f"{api_id}DomainNameV2": make(body, "AWS::ApiGateway::DomainNameV2", made)}
    made["EndpointConfiguration"] = {"Types": [endpoint]}
    made["CertificateArn" if endpoint == "EDGE" else "RegionalCertificateArn"] = domain.get("CertificateArn")
    return {f"{api_id}DomainName": make(body, "AWS::ApiGateway::DomainName", made)}
