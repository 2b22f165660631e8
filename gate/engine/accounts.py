"""AWS accounts named in principals and sharing attributes, judged against ``approved_accounts``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from gate.values import Unknown, known_text

_ACCOUNT = re.compile(r"^(?:arn:aws[a-z-]*:(?:iam|sts)::)?(\d{12})(?::|$)")


def account_of(principal: str) -> str | None:
    """The account id in ``123456789012``, ``arn:aws:iam::123456789012:root`` or a role ARN; None for services,
    wildcards, organisations and the like."""
    match = _ACCOUNT.match(principal.strip())
    return match.group(1) if match else None


def foreign(values: Iterable[Any], approved: set[str]) -> tuple[bool | None, str]:
    """True (with the account) when one of ``values`` names an account outside ``approved``; None when a value
    that could be an account is unknown; the literal ``all`` (public sharing) counts as foreign."""
    unsure = False
    for value in values:
        if isinstance(value, Unknown):
            text = known_text(value)
            account = account_of(text) if text is not None else None
            if account is not None and account not in approved:
                return True, account
            unsure = unsure or (not value.from_resource and account is None)
            continue
        if not isinstance(value, str):
            continue
        if value.strip().lower() == "all":
            return True, "all"
        account = account_of(value)
        if account is not None and account not in approved:
            return True, account
    return (None, "") if unsure else (False, "")


def principal_values(principal: Any) -> list[Any]:
    """The AWS principals of a statement's Principal (a string, or the ``AWS`` key of a mapping)."""
    if isinstance(principal, (str, Unknown)):
        return [principal]
    if isinstance(principal, dict):
        aws = principal.get("AWS")
        return aws if isinstance(aws, list) else [aws] if aws is not None else []
    return []
