"""Resources of HashiCorp's AWS Cloud Control provider (``hashicorp/awscc``), judged by the CloudFormation
targets of the policies.

The awscc provider is generated from the CloudFormation resource schemas: each ``AWS::Service::Resource`` type
is the resource ``awscc_service_resource`` (service lowercased, resource in snake case: ``AWS::EC2::SecurityGroup``
is ``awscc_ec2_security_group``, ``AWS::RDS::DBCluster`` is ``awscc_rds_db_cluster``), and each property is its
name in snake case (``SecurityGroupIngress`` is ``security_group_ingress``, ``CidrIp`` is ``cidr_ip``), objects
and lists of objects alike; Terraform creates the resource through the Cloud Control API, which deploys the very
CloudFormation resource type (Terraform Registry, hashicorp/awscc; "Resource types that support Cloud Control
API" in the Cloud Control API User Guide). So an awscc resource is judged as the CloudFormation resource it
is: a view of it with the CloudFormation type and property names, judged by the CloudFormation targets, with
no policy written twice.

Snake case loses the capitals of acronyms (``DBClusterInstanceClass`` and ``db_cluster_instance_class``): a
property is spelled as the policies spell it when one of them names it, else in plain Pascal case
(``cidr_ip`` -> ``CidrIp``), which is what the engine's own helpers read.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from gate.model import Resource, target_of

PREFIX = "awscc_"
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+")
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def awscc_type(cfn_type: str) -> str | None:
    """``AWS::EC2::SecurityGroup`` -> ``awscc_ec2_security_group``; None for what is no resource type."""
    parts = cfn_type.split("::")
    if len(parts) != 3 or parts[0] != "AWS" or not parts[1] or not parts[2]:
        return None
    return f"{PREFIX}{parts[1].lower()}_{snake(parts[2])}"


def snake(name: str) -> str:
    """``DBClusterInstanceClass`` -> ``db_cluster_instance_class``, ``SecurityGroupIngress`` ->
    ``security_group_ingress``."""
    return "_".join(word.lower() for word in _WORD.findall(name)) or name.lower()


def _key(name: str) -> str:
    return name.replace("_", "").lower()


def _spellings(value: Any, found: dict[str, str]) -> None:
    """Every Pascal-case name in a condition (paths are dotted), by its spelling without case or underscores."""
    if isinstance(value, dict):
        for item in value.values():
            _spellings(item, found)
    elif isinstance(value, list):
        for item in value:
            _spellings(item, found)
    elif isinstance(value, str):
        for segment in value.split("."):
            if _PASCAL.match(segment):
                found.setdefault(_key(segment), segment)


class CloudControl:
    """The mapping from awscc types to the CloudFormation types the policies target, and property spellings."""

    def __init__(self, targets: Iterable[tuple[list[str], Any]]) -> None:
        self.types: dict[str, str] = {}
        # per CloudFormation type, the property names the conditions that judge it spell
        self.names: dict[str, dict[str, str]] = {}
        for resource_types, condition in targets:
            for cfn_type in resource_types:
                name = awscc_type(cfn_type)
                if name is not None:
                    self.types[name] = cfn_type
                    _spellings(condition, self.names.setdefault(cfn_type, {}))

    def property_name(self, cfn_type: str, name: str) -> str:
        known = self.names.get(cfn_type, {}).get(_key(name))
        if known is not None:
            return known
        return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part) or name

    def _convert(self, cfn_type: str, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                self.property_name(cfn_type, k) if isinstance(k, str) else k: self._convert(cfn_type, v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._convert(cfn_type, item) for item in value]
        return value

    def view(self, resource: Resource) -> Resource | None:
        """The CloudFormation resource an awscc resource deploys, or None when no policy targets its type."""
        cfn_type = self.types.get(resource.type) if target_of(resource.format) == "terraform" else None
        if cfn_type is None:
            return None
        name = self.property_name
        return dataclasses.replace(
            resource,
            type=cfn_type,
            format="cloudformation",
            attributes=self._convert(cfn_type, resource.attributes),
            references={name(cfn_type, k): v for k, v in resource.references.items()},
            sensitive=frozenset(name(cfn_type, path) for path in resource.sensitive),
            before=self._convert(cfn_type, resource.before) if resource.before is not None else None,
        )

    def views(self, resources: Iterable[Resource]) -> list[Resource]:
        return [view for view in map(self.view, resources) if view is not None]
