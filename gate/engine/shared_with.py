"""With whom a policy statement shares: the accounts of its ``Principal`` (``AWS``, ``Federated``), the canonical
user ids it names (``CanonicalUser``), and the accounts and organisations its ``Condition`` fixes the caller or
the source to, each judged against what the trusted configuration approves.

A statement for ``Principal: "*"`` with ``StringEquals aws:PrincipalAccount 999988887777`` grants what
``Principal: {AWS: "999988887777"}`` grants (IAM User Guide, "aws:PrincipalAccount"); IAM Access Analyzer reports
both as access from outside the zone of trust (IAM User Guide, "Identifying resources shared with an external
entity"). So a test of a key that names an account (``aws:PrincipalAccount``, ``aws:SourceAccount``,
``aws:SourceOwner``, ``kms:CallerAccount``, ``s3:DataAccessPointAccount``, the account of ``aws:PrincipalArn``)
or an organisation (``aws:PrincipalOrgID``, ``aws:SourceOrgID``, the first part of ``aws:PrincipalOrgPaths`` /
``aws:SourceOrgPaths``) shares with what it names, unless that is approved. Any operator that is not a negation
counts (an ``IfExists`` or a set operator still admits the named account); a wildcard of a ``...Like`` operator
may match any account or organisation, so it is never approved.

An organisation id cannot be compared with account ids: it is approved only when listed in
``approved_organizations``; the organisation this configuration creates or reads
(``aws_organizations_organization``) is the deploying account's own. A canonical user id (the 64-hex id S3 gives
an account, Amazon S3 User Guide, "Find the canonical user ID for your AWS account") cannot be mapped to an
account from the code: it is approved only when listed in ``approved_canonical_users``, or when it is the
deploying account's (``data.aws_canonical_user_id``) or a CloudFront origin access identity of this
configuration (``aws_cloudfront_origin_access_identity.*.s3_canonical_user_id``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gate.engine.accounts import foreign, not_approved, principal_values
from gate.engine.provider_accounts import shared_outside
from gate.model import strip_instance_keys
from gate.values import Origin, Unknown

if TYPE_CHECKING:
    from gate.engine.context import Context

_ACCOUNT_KEYS = frozenset(
    {
        "aws:principalaccount",
        "aws:sourceaccount",
        "aws:sourceowner",
        "kms:calleraccount",
        "s3:dataaccesspointaccount",
        "aws:principalarn",
    }
)
_ORG_KEYS = frozenset({"aws:principalorgid", "aws:sourceorgid", "aws:principalorgpaths", "aws:sourceorgpaths"})
_OWN_ORG_TYPES = frozenset({"aws_organizations_organization"})
_OWN_CANONICAL_TYPES = frozenset({"aws_canonical_user_id", "aws_cloudfront_origin_access_identity"})
_WILDCARDS = ("*", "?")


@dataclass(frozen=True, slots=True)
class Approved:
    """What the trusted configuration approves: accounts, organisations, canonical user ids."""

    accounts: frozenset[str] = frozenset()
    organizations: frozenset[str] = frozenset()
    canonical_users: frozenset[str] = frozenset()

    @staticmethod
    def of(settings: Mapping[str, Any]) -> Approved:
        def listed(key: str) -> frozenset[str]:
            return frozenset(str(v).strip() for v in settings.get(key, ()) or ())

        canonical = frozenset(v.lower() for v in listed("approved_canonical_users"))
        return Approved(listed("approved_accounts"), listed("approved_organizations"), canonical)


def _type_of(ref: str) -> str:
    parts = strip_instance_keys(ref).split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    return parts[1] if parts[0] == "data" and len(parts) > 1 else parts[0]


def _own(value: Unknown, types: frozenset[str]) -> bool:
    return bool(value.refs) and all(_type_of(ref) in types for ref in value.refs)


def _items(values: Any) -> list[Any]:
    if isinstance(values, Unknown) and isinstance(values.partial, list):
        values = values.partial
    return values if isinstance(values, list) else [values]


def _organization(key: str, value: Any, approved: Approved) -> tuple[bool | None, str]:
    if isinstance(value, Unknown):
        return (False, "") if value.origin is Origin.IDENTIFIER or _own(value, _OWN_ORG_TYPES) else (None, "")
    if not isinstance(value, str):
        return False, ""
    org = value.strip().split("/", 1)[0] if key.endswith("paths") else value.strip()
    if org in approved.organizations and not any(w in org for w in _WILDCARDS):
        return False, ""
    return True, (
        f"organization {org}, which is not approved: if it is yours or a partner's, add its id to "
        f"`approved_organizations` in the trusted configuration"
    )


def _account(value: Any, like: bool, approved: Approved) -> tuple[bool | None, str]:
    if like and isinstance(value, str) and any(w in value for w in _WILDCARDS):
        return True, f"the accounts matching {value.strip()!r}, which are not all approved"
    verdict, account = foreign([value], set(approved.accounts))
    return verdict, (not_approved(account) if verdict else "")


def condition_share(condition: Any, approved: Approved) -> tuple[bool | None, str]:
    """(True, whom) when a test of ``condition`` names an account or organisation that is not approved; None when
    a value that could name one is known only after apply."""
    if not isinstance(condition, dict):
        return (None, "") if isinstance(condition, Unknown) else (False, "")
    unsure = False
    for operator, tests in condition.items():
        op = str(operator).strip().lower()
        if isinstance(tests, Unknown):
            unsure = True
            continue
        if not isinstance(tests, dict) or "not" in op.rpartition(":")[2] or op.startswith("null"):
            continue
        for key, values in tests.items():
            name = str(key).strip().lower()
            if name not in _ACCOUNT_KEYS and name not in _ORG_KEYS:
                continue
            for value in _items(values):
                if name in _ORG_KEYS:
                    verdict, whom = _organization(name, value, approved)
                else:
                    verdict, whom = _account(value, "like" in op, approved)
                if verdict:
                    return True, whom
                unsure = unsure or verdict is None
    return (None, "") if unsure else (False, "")


def canonical_share(principal: Any, approved: Approved) -> tuple[bool | None, str]:
    """(True, whom) when the ``CanonicalUser`` of a Principal names an id that is not approved; None when it is
    known only after apply and not the deploying account's own."""
    values = principal.get("CanonicalUser") if isinstance(principal, dict) else None
    return canonical_ids([] if values is None else _items(values), approved)


def canonical_ids(values: Iterable[Any], approved: Approved, owner: Any = None) -> tuple[bool | None, str]:
    """(True, whom) when one of ``values`` is a canonical user id that is neither approved nor ``owner`` (the
    owner an S3 ACL names); None when one is known only after apply."""
    unsure = False
    for value in values:
        if isinstance(value, Unknown):
            same = owner is not None and value == owner
            unsure = unsure or not (same or _own(value, _OWN_CANONICAL_TYPES))
            continue
        if not isinstance(value, str) or not value.strip():
            continue
        text = value.strip().lower()
        if text in approved.canonical_users or (isinstance(owner, str) and text == owner.strip().lower()):
            continue
        return True, (
            f"canonical user {text}, which is not approved: if it is yours or a partner's, add it to "
            f"`approved_canonical_users` in the trusted configuration"
        )
    return (None, "") if unsure else (False, "")


def external_share(statement: dict[str, Any], approved: Approved, ctx: Context) -> tuple[bool | None, str]:
    """Does the statement share with an account, organisation or canonical user that is not approved: named in
    its Principal (an account reached through another provider configuration is one: gate.engine.provider_accounts),
    or fixed by its Condition (``gate.engine.shared_with``)?"""
    principal = statement.get("Principal")
    found: list[tuple[bool | None, str]] = [
        shared_outside(ctx, principal_values(principal), set(approved.accounts)),
        canonical_share(principal, approved),
        condition_share(statement.get("Condition"), approved),
    ]
    shared = next((f for f in found if f[0]), None)
    if shared is not None:
        return shared
    return (None, "") if any(v is None for v, _ in found) else (False, "")
