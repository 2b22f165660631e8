"""Which provider configuration a Terraform resource or data source uses, as the root module sees it.

A block uses the configuration its ``provider`` argument names (``provider = aws.sandbox``), else the default
configuration of its type's provider local name (``aws_s3_bucket`` -> ``aws``,
https://developer.hashicorp.com/terraform/language/meta-arguments/resource-provider). In a child module that name
is the configuration the call passes (``providers = { aws = aws.partner }``), else the caller's default one of the
same name (implicit inheritance), else the module's own ``provider`` block
(https://developer.hashicorp.com/terraform/language/modules/develop/providers). The local name means the source
``required_providers`` binds it to in that module, ``hashicorp/<name>`` by default
(https://developer.hashicorp.com/terraform/language/providers/requirements#source-addresses).

Only the root module's default ``aws`` configuration of ``hashicorp/aws`` is the deploying account's (``""``);
anything else is named, and read as another account, unknown (fail closed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gate.loaders import hcl_ast as ast

if TYPE_CHECKING:
    from gate.loaders.terraform_hcl import ModuleInstance

DEPLOYING = ""
_AWS = "hashicorp/aws"
_LIMIT = 64  # module nesting is bounded elsewhere; this only stops a cycle


def config_name(expr: ast.Expr | None) -> str | None:
    """``aws.sandbox`` for the traversal ``aws.sandbox`` (or the JSON string ``"aws.sandbox"``); None for others."""
    if expr is None:
        return None
    if isinstance(expr, ast.Var):
        return expr.name
    if isinstance(expr, ast.Traverse) and isinstance(expr.base, ast.Var):
        if all(isinstance(step, ast.GetAttr) for step in expr.steps) and len(expr.steps) <= 1:
            return ".".join([expr.base.name, *(step.name for step in expr.steps if isinstance(step, ast.GetAttr))])
        return None
    if isinstance(expr, ast.Lit) and isinstance(expr.value, str):
        return expr.value
    return None


def block_provider(instance: ModuleInstance, block: ast.Block) -> str:
    """The configuration a ``resource`` or ``data`` block of ``instance`` uses: ``""`` for the deploying account's."""
    attribute = block.body.attributes.get("provider")
    if attribute is None:
        return resolve(instance, block.labels[0].split("_")[0] if block.labels else "")
    name = config_name(attribute.expr)
    return resolve(instance, name) if name is not None else f"{instance.prefix}(a provider the gate cannot read)"


def passed_providers(body: ast.Body) -> dict[str, str] | None:
    """A module call's ``providers`` map (child name -> the caller's name); None when it is absent, and an empty
    map when it cannot be read (then nothing is inherited: every configuration is unknown)."""
    attribute = body.attributes.get("providers")
    if attribute is None:
        return None
    found: dict[str, str] = {}
    if isinstance(attribute.expr, ast.ObjectX):
        for key, value in attribute.expr.items:
            child, parent = config_name(key), config_name(value)
            if child is not None and parent is not None:
                found[child] = parent
    return found


def resolve(instance: ModuleInstance, name: str) -> str:
    """The configuration ``name`` means in ``instance``, followed up the module calls to the root."""
    current: ModuleInstance | None = instance
    for _ in range(_LIMIT):
        if current is None:
            break
        local = name.split(".")[0]
        source = current.source.provider_source(local)
        if source != f"hashicorp/{local}" or local == "":
            return f"{source} ({current.prefix}{name})"
        if not current.prefix:  # the root module
            return DEPLOYING if name == "aws" and source == _AWS else name
        if current.provider_call is None:
            break
        if name in current.source.provider_configs:  # the module's own provider block
            return f"{current.prefix}provider.{name}"
        caller, passed = current.provider_call
        if passed is not None and name in passed:
            name = passed[name]
        elif "." in name:  # an alias the caller does not pass: Terraform rejects it
            break
        current = caller
    return f"{instance.prefix}{name} (unresolved)"
