"""The provider versions a Terraform configuration requires: ``required_providers`` in ``terraform`` blocks (and
the deprecated ``version`` argument of a ``provider`` block), as (source, constraint) pairs.

Terraform combines the constraints of every module of a configuration
(https://developer.hashicorp.com/terraform/language/providers/requirements#version-constraints); the loader
gathers them per root module and the engine judges provider defaults by them (``gate.engine.provider_versions``).
Only literal strings count (Terraform allows nothing else there); anything else constrains nothing, which is the
fail-closed reading (every version, the oldest included, stays possible).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gate.loaders import hcl_ast as ast

if TYPE_CHECKING:
    from gate.loaders.terraform_hcl import ModuleInstance
    from gate.model import Resource

REGISTRY = "registry.terraform.io/"


def normal_source(source: str) -> str:
    """``aws`` -> ``hashicorp/aws``; ``registry.terraform.io/hashicorp/aws`` -> ``hashicorp/aws`` (lower case)."""
    source = source.strip().lower().removeprefix(REGISTRY)
    return source if "/" in source else f"hashicorp/{source}"


def _text(expr: ast.Expr) -> str | None:
    if isinstance(expr, ast.Lit) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Template) and all(isinstance(part, str) for part in expr.parts):
        return "".join(str(part) for part in expr.parts)
    return None


def _key(expr: ast.Expr) -> str | None:
    return expr.name if isinstance(expr, ast.Var) else _text(expr)


def requirements(block: ast.Block) -> list[tuple[str, str, str | None]]:
    """(key, source, version constraint or None) triples a ``terraform`` or ``provider`` block states. The key is
    the provider's local name for a ``required_providers`` element (what an override file's element replaces,
    https://developer.hashicorp.com/terraform/language/files/override#merging-terraform-blocks), ``provider NAME``
    for the deprecated ``version`` argument of a ``provider`` block."""
    found: list[tuple[str, str, str | None]] = []
    if block.type == "provider" and block.labels:
        argument = block.body.attributes.get("version")
        text = _text(argument.expr) if argument is not None else None
        if text is not None:
            found.append((f"provider {block.labels[0]}", normal_source(block.labels[0]), text))
        return found
    for inner in block.body.blocks if block.type == "terraform" else []:
        if inner.type != "required_providers":
            continue
        for name, attribute in inner.body.attributes.items():
            expr = attribute.expr
            if isinstance(expr, ast.ObjectX):
                items = {_key(k): v for k, v in expr.items}
                source = _text(items["source"]) if "source" in items else name
                version = _text(items["version"]) if "version" in items else None
                # a source that is not a literal may be anything: never the default (fail closed)
                found.append((name, normal_source(source) if source is not None else "(not a literal)", version))
            elif (text := _text(expr)) is not None:  # the pre-0.13 form: aws = "~> 2.0"
                found.append((name, normal_source(name), text))
    return found


def attach_provider_versions(root: ModuleInstance, resources: list[Resource]) -> None:
    """Give each resource of a root the provider version constraints of every module of that root: Terraform
    selects one version per provider that satisfies them all."""
    constraints: dict[str, list[str]] = {}
    pending, seen = [root], set()
    while pending:
        instance = pending.pop()
        if id(instance.source) not in seen:
            seen.add(id(instance.source))
            for source, constraint in instance.source.provider_versions:
                constraints.setdefault(source, []).append(constraint)
        for name in instance.source.modules:
            pending.extend((instance.module_instances(name) or {}).values())
    versions = {source: tuple(dict.fromkeys(found)) for source, found in constraints.items()}
    for resource in resources:
        resource.provider_versions = versions
