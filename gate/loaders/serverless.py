"""Serverless Framework services (``serverless.yml``): the ``resources`` section is raw CloudFormation.

The functions' execution role is made by the framework too: ``IamRoleLambdaExecution``, an ``AWS::IAM::Role``
with ``provider.iam.role.statements`` (``provider.iamRoleStatements`` before v3) as an inline policy and
``provider.iam.role.managedPolicies`` attached (https://www.serverless.com/framework/docs/providers/aws/guide/iam).

The framework compiles a service into a CloudFormation template and copies ``resources.Resources`` (with its
``Conditions``, ``Outputs``...) into it as written, then deploys the stack
(https://www.serverless.com/framework/docs/providers/aws/guide/resources). Those resources are judged as a
template's. The framework's own variables (``${self:custom.x}``, ``${opt:stage}``, ``${ssm:/p}``...) are resolved
by the framework, not by CloudFormation, and the gate does not resolve them: a string that uses one is an
evaluation gap (it blocks where a failure would), never its literal text.
"""

from __future__ import annotations

import re
from typing import Any

from gate.values import gap
from gate.yamlnodes import LineDict, LineList

# ``${source:...}`` or ``${file(...)}``; CloudFormation's own ``${AWS::Region}`` in a Fn::Sub is not one.
_VARIABLE = re.compile(r"\$\{\s*(?!AWS::)[A-Za-z][\w-]*\s*[:(]")


def service_template(doc: Any) -> dict[Any, Any] | None:
    """The template a service's ``resources`` section makes, or None when ``doc`` is not such a service."""
    if not (isinstance(doc, dict) and isinstance(doc.get("provider"), dict) and "service" in doc):
        return None
    section = doc.get("resources")
    template = _mapping(section if isinstance(section, dict) else {})
    declared = template.get("Resources")
    resources = _mapping(declared if isinstance(declared, dict) else {})
    role = _execution_role(doc["provider"])
    if role is not None and ROLE not in resources:
        resources[ROLE] = role
        resources.key_lines[ROLE] = role.line
    if not resources:
        return None
    template["Resources"] = resources
    return _without_variables(template)  # type: ignore[no-any-return]


ROLE = "IamRoleLambdaExecution"


def _execution_role(provider: dict[Any, Any]) -> LineDict | None:
    iam = provider.get("iam")
    role = iam.get("role") if isinstance(iam, dict) else None
    role = role if isinstance(role, dict) else {}
    statements = role.get("statements", provider.get("iamRoleStatements"))
    managed = role.get("managedPolicies", provider.get("iamManagedPolicies"))
    if not statements and not managed:
        return None
    properties: dict[str, Any] = {
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}
            ],
        }
    }
    if statements:
        properties["Policies"] = [
            {
                "PolicyName": "serverless-provider-iam",
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
            }
        ]
    if managed:
        properties["ManagedPolicyArns"] = managed
    body = LineDict({"Type": "AWS::IAM::Role", "Properties": properties})
    body.line = body.end_line = getattr(iam if isinstance(iam, dict) else provider, "line", 0)
    return body


def _without_variables(value: Any) -> Any:
    if isinstance(value, str):
        match = _VARIABLE.search(value)
        return (
            gap(f"Serverless Framework variable {value[match.start() : match.end()]}...}} is not resolved by the gate")
            if match
            else value
        )
    if isinstance(value, list):
        copy = LineList(_without_variables(item) for item in value)
        copy.line, copy.end_line = getattr(value, "line", 0), getattr(value, "end_line", 0)
        copy.item_lines = list(getattr(value, "item_lines", []))
        return copy
    if isinstance(value, dict):
        return _mapping(value, {key: _without_variables(item) for key, item in value.items()})
    return value


def _mapping(original: dict[Any, Any], items: dict[Any, Any] | None = None) -> LineDict:
    """A copy of ``original`` (or ``items`` in its place) that keeps its lines."""
    mapping = LineDict(original if items is None else items)
    mapping.line, mapping.end_line = getattr(original, "line", 0), getattr(original, "end_line", 0)
    mapping.key_lines = dict(getattr(original, "key_lines", {}))
    return mapping
