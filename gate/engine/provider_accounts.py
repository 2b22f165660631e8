"""Accounts reached through another provider configuration (``gate.loaders.terraform_provider_configs``).

A Terraform resource or data source read or created through a configuration other than the one of the resource
judged (``provider = aws.partner``, a module called with ``providers = {aws = aws.partner}``, a provider of
another source such as ``example-corp/aws``) belongs to whatever account that configuration reaches
(https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations):
another one, whose id the gate cannot read, or a value a provider the author publishes makes up
(https://developer.hashicorp.com/terraform/language/providers/requirements#source-addresses). A principal derived
from one is therefore never "this account", nor an AWS service account: it is shared outside, unapproved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gate.engine.accounts import foreign, not_approved
from gate.engine.context import Context
from gate.engine.service_accounts import is_service_account_source
from gate.model import Resource
from gate.values import Unknown


def other_provider_source(ctx: Context, values: Iterable[Any]) -> Resource | None:
    """The resource of another provider configuration than ``ctx.resource``'s that an unknown of ``values``
    derives from, if any; or an AWS service account data source not read through the root's hashicorp/aws."""
    for value in values:
        if not isinstance(value, Unknown):
            continue
        for ref in sorted(value.refs):
            for other in ctx.index.at(ctx.resource.scope, ref):
                # an AWS service account's data source is AWS's table only when read through hashicorp/aws
                if other.provider != ctx.resource.provider or (
                    other.provider and is_service_account_source(other.type)
                ):
                    return other
    return None


def shared_outside(ctx: Context, values: list[Any], approved: set[str]) -> tuple[bool | None, str]:
    """(whether ``values`` name an account outside ``approved``, whom they share with): ``foreign`` of
    ``gate.engine.accounts``, where a value from another provider configuration is an unapproved account."""
    verdict, account = foreign(values, approved)
    if verdict:
        return True, "everyone" if account == "all" else not_approved(account)
    other = other_provider_source(ctx, values)
    if other is None:
        return verdict, ""
    via = other.provider or "the root module's default aws configuration"
    return True, (
        f"the account of {other.address}, reached through the provider configuration {via} (not the "
        f"resource's own): an account the gate cannot match to `approved_accounts`"
    )


def account_wide(ctx: Context, types: Iterable[str]) -> list[Resource]:
    """The resources of ``types`` that configure the account of ``ctx.resource``: in its scope, and applied through
    its own provider configuration (an ``aws_s3_account_public_access_block`` applied through ``aws.sandbox``
    configures the sandbox account only,
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_account_public_access_block)."""
    return [
        other
        for name in types
        for other in ctx.index.by_type.get(name, ())
        if other.scope == ctx.resource.scope and other.provider == ctx.resource.provider
    ]
