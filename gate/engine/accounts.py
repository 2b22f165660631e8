"""AWS accounts named in principals and sharing attributes, judged against ``approved_accounts``.

A value names an account when it is a 12-digit id (a string, or a number that Terraform converts to one), an
IAM/STS ARN with one, or the ARN of an organization or organizational unit, which names its management account
(``arn:aws:organizations::123456789012:organization/o-...``: sharing with it reaches every account of that
organisation, so it is foreign unless that management account is approved; EC2 User Guide, "Get the ARN of an
organization or organizational unit"). A partly known string keeps its known parts: ``arn:${partition}:iam::210987654321:root``
names 210987654321 whatever the partition. The deploying account itself (``AWS::AccountId``,
``data.aws_caller_identity.*.account_id``, and objects this configuration creates, named by their identifiers used
as is) is never foreign, and neither is an account AWS itself owns for a service (Elastic Load Balancing access
logs, Redshift audit logging: ``gate.engine.service_accounts``), named by its id or by the provider's data source
used as is. A value derived from an identifier, and the identifier of another data source, may be any account.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from gate.engine.service_accounts import aws_service_account, is_service_account_source
from gate.model import strip_instance_keys
from gate.values import ACCOUNT_MARK, OWN_DATA_SOURCES, PARTITION_MARK, Origin, Unknown, known_text

# The account is a 12-digit id, or the deploying account's mark; the partition may be the partition's mark.
_ACCOUNT = re.compile(
    r"^(?:arn:(?:aws[a-z-]*|"
    + re.escape(PARTITION_MARK)
    + r"):(?:iam|sts|organizations)::)?(\d{12}|"
    + re.escape(ACCOUNT_MARK)
    + r")(?::|$)"
)
OWN_ACCOUNT = "this account"

# Resources whose identifier is an account other than the deploying one.
_ACCOUNT_TYPES = frozenset({"aws_organizations_account"})


def account_of(principal: str) -> str | None:
    """The account id in ``123456789012``, ``arn:aws:iam::123456789012:root``, a role ARN or an organization or
    OU ARN (its management account; ``OWN_ACCOUNT`` for the deploying account's mark); None for services,
    wildcards and the like."""
    match = _ACCOUNT.match(principal.strip())
    if match is None:
        return None
    return OWN_ACCOUNT if match.group(1) == ACCOUNT_MARK else match.group(1)


def _as_text(value: Any) -> str | None:
    """A scalar as Terraform converts it to a string (``123456789012`` -> ``"123456789012"``); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else None


def _unknown_account(value: Unknown) -> tuple[str | None, bool]:
    """(the account an unknown value names, or None; whether it could still name a foreign account)."""
    if value.origin is Origin.ACCOUNT:
        return OWN_ACCOUNT, False
    if value.origin is Origin.IDENTIFIER:  # an identifier used as is; anything derived from one may be any text
        if value.refs and all(is_service_account_source(_data_source_type(ref)) for ref in value.refs):
            return None, False  # data.aws_elb_service_account.main.arn: the provider's table of AWS's own accounts
        # An object this configuration manages is in the deploying account; a data source describes an object
        # that exists already, maybe another account's, and some echo their input (data.aws_arn.x.id is the ARN
        # it parses): https://developer.hashicorp.com/terraform/language/data-sources
        return None, any(
            _type_of(ref) in _ACCOUNT_TYPES or _data_source_type(ref) not in ("", *OWN_DATA_SOURCES)
            for ref in value.refs
        )
    text = known_text(value)
    account = account_of(text) if text is not None else None
    return account, account is None


def _type_of(address: str) -> str:
    parts = strip_instance_keys(address).split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    return parts[1] if parts[0] == "data" and len(parts) > 1 else parts[0]


def _data_source_type(address: str) -> str:
    """The type of a data source's address (``module.m.data.aws_x.y`` -> ``aws_x``); "" for anything else."""
    parts = strip_instance_keys(address).split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    return parts[1] if parts[0] == "data" and len(parts) > 1 else ""


def foreign(values: Iterable[Any], approved: set[str]) -> tuple[bool | None, str]:
    """True (with the account) when one of ``values`` names an account outside ``approved``; None when a value
    that could be an account is unknown; the literal ``all`` (public sharing) counts as foreign."""
    unsure = False
    for value in values:
        if isinstance(value, Unknown):
            account, could_be = _unknown_account(value)
            unsure = unsure or could_be
        else:
            text = _as_text(value)
            if text is None:
                continue
            if text.strip().lower() == "all":
                return True, "all"
            account = account_of(text)
        if (
            account is not None
            and account != OWN_ACCOUNT
            and account not in approved
            and not aws_service_account(account)
        ):
            return True, account
    return (None, "") if unsure else (False, "")


def not_approved(account: str) -> str:
    """How a finding names an account that is not approved, and how a person approves it."""
    return (
        f"account {account}, which is not approved: if it is yours or a partner's, add it to "
        f"`approved_accounts` in the trusted configuration"
    )


def principal_values(principal: Any) -> list[Any]:
    """The AWS principals of a statement's Principal (a string, or the ``AWS`` and ``Federated`` keys of a mapping:
    a SAML or OIDC provider's ARN names the account that holds it)."""
    if isinstance(principal, (str, int, Unknown)):
        return [principal]
    found: list[Any] = []
    if isinstance(principal, dict):
        for key in ("AWS", "Federated"):
            value = principal.get(key)
            found.extend(value if isinstance(value, list) else [value] if value is not None else [])
    return found
