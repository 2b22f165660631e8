"""Which provider configuration each resource of a plan uses (``Resource.provider``, see
``gate.loaders.terraform_provider_configs`` for HCL).

A plan's ``configuration`` gives each resource a ``provider_config_key``, an opaque key into ``provider_config``
(https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation), and each entry a
``provider_name`` (its source). Only the root module's default ``aws`` configuration of
``registry.terraform.io/hashicorp/aws`` is the deploying account's (``""``): an alias (``aws.sandbox``), a
module's own configuration or another source is named instead, and read as another account (fail closed). A
module resource keyed ``module.x:aws`` inherits the root's default configuration (implicit inheritance) unless a
module on its way configures ``aws`` itself (an entry with ``expressions``).
"""

from __future__ import annotations

from typing import Any

from gate.loaders.base import LoadOutput
from gate.loaders.plan_defaults import configured_resources
from gate.loaders.terraform_providers import normal_source
from gate.model import strip_instance_keys

_AWS = "hashicorp/aws"
_NO_KEY = "(no provider_config_key in the plan's configuration)"


def _config_keys(configuration: Any) -> dict[str, str]:
    """Base address (``module.m.aws_x.y``) -> its ``provider_config_key``."""
    keys: dict[str, str] = {}
    for prefix, resource in configured_resources(configuration):
        if isinstance(resource.get("type"), str) and isinstance(resource.get("name"), str):
            data = "data." if resource.get("mode") == "data" else ""
            key = resource.get("provider_config_key")
            keys[f"{prefix}{data}{resource['type']}.{resource['name']}"] = key if isinstance(key, str) else _NO_KEY
    return keys


def _provider(key: str, configs: dict[str, Any]) -> str:
    module, _, name = key.rpartition(":")
    if name != "aws":
        return key
    for other_key, config in configs.items():
        if (
            module
            and other_key != "aws"
            and isinstance(config, dict)
            and (config.get("expressions") or config.get("alias"))
        ):
            return key  # some module configures aws itself: which one this resource inherits is not followed
    root = configs.get("aws")
    source = root.get("full_name") if isinstance(root, dict) else None
    if isinstance(source, str) and normal_source(source) != _AWS:
        return source
    return ""


def attach_plan_providers(out: LoadOutput, doc: dict[str, Any]) -> LoadOutput:
    """Set ``provider`` on every resource of ``out``, loaded from the plan ``doc``."""
    configuration = doc.get("configuration")
    keys = _config_keys(configuration)
    configs = configuration.get("provider_config") if isinstance(configuration, dict) else None
    configs = configs if isinstance(configs, dict) else {}
    names = {e.get("address"): e.get("provider_name") for e in doc.get("resource_changes") or () if isinstance(e, dict)}
    for resource in out.resources:
        name = names.get(resource.address)
        if isinstance(name, str) and normal_source(name) != _AWS and resource.type.startswith("aws_"):
            resource.provider = name
            continue
        key = keys.get(strip_instance_keys(resource.address), _NO_KEY)
        resource.provider = _NO_KEY if key == _NO_KEY else _provider(key, configs)
    return out
