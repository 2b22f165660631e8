"""Provisioner blocks of Terraform resources, kept as the resource's ``provisioner`` argument.

A provisioner runs at apply (or destroy) time what no plan models: ``local-exec`` a command on the machine that
applies, with its credentials; ``remote-exec`` commands on the resource; ``file`` files copied onto it
(https://developer.hashicorp.com/terraform/language/resources/provisioners/syntax: "Provisioners are a last
resort", "Terraform cannot model the actions of provisioners as part of a plan"). The gate cannot know what a
command does, so it keeps each block's type (``[{"type": "local-exec"}]``) for a policy to report, never drops it.
``provisioner`` is a block name Terraform reserves in every resource, so no provider argument has it.
"""

from __future__ import annotations

from typing import Any

from gate.loaders.plan_defaults import configured_resources

PROVISIONER = "provisioner"


def provisioner_entry(labels: list[str]) -> dict[str, Any]:
    """What the gate keeps of one ``provisioner "TYPE" {...}`` block: its type (None when it has no label)."""
    return {"type": labels[0] if labels else None}


def plan_provisioners(configuration: Any) -> dict[str, list[dict[str, Any]]]:
    """Base address (``module.web.aws_x.y``) -> the provisioners its configuration declares, from a plan's
    ``configuration`` (each resource's ``provisioners``: ``[{"type": "local-exec", "expressions": ...}]``)."""
    index: dict[str, list[dict[str, Any]]] = {}
    for prefix, resource in configured_resources(configuration):
        found = resource.get("provisioners")
        kind, name = resource.get("type"), resource.get("name")
        if isinstance(found, list) and found and isinstance(kind, str) and isinstance(name, str):
            index[f"{prefix}{kind}.{name}"] = [
                {"type": p.get("type") if isinstance(p, dict) and isinstance(p.get("type"), str) else None}
                for p in found
            ]
    return index
