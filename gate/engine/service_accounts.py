"""Accounts AWS itself owns for a service, approved by default (``policies/aws-service-accounts.yaml``).

Elastic Load Balancing delivers access logs, and Redshift audit logs, from an account AWS owns in each region; the
bucket policy AWS documents for them names that account. Such a policy shares with AWS, not with a foreign
account. The table is data, with the AWS page that lists each group of accounts; it is read once, lazily.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

FILE_NAME = "aws-service-accounts.yaml"


@dataclass(frozen=True, slots=True)
class ServiceAccount:
    """One account AWS owns for ``service`` in ``region``, as listed at ``documentation``."""

    account: str
    service: str
    region: str
    documentation: str


@dataclass(frozen=True, slots=True)
class ServiceAccounts:
    by_account: dict[str, ServiceAccount]
    # provider data sources whose value is one of these accounts (``aws_elb_service_account``)
    data_sources: frozenset[str]


@functools.cache
def service_accounts() -> ServiceAccounts:
    """The shipped table; a broken table stops the run (it is part of the gate, not of the scanned tree)."""
    import yaml

    from gate.policies import builtin_dir

    path = builtin_dir() / FILE_NAME
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_account: dict[str, ServiceAccount] = {}
    sources: set[str] = set()
    for table in raw["tables"]:
        sources.add(str(table["data_source"]))
        for region, account in table["accounts"].items():
            if not (isinstance(account, str) and len(account) == 12 and account.isdigit()):
                raise ValueError(f"{FILE_NAME}: {table['service']} {region}: {account!r} is not a 12-digit account id")
            by_account.setdefault(
                account, ServiceAccount(account, str(table["service"]), str(region), str(table["documentation"][0]))
            )
    return ServiceAccounts(by_account, frozenset(sources))


def aws_service_account(account: str) -> ServiceAccount | None:
    """The AWS service account ``account`` is, or None."""
    return service_accounts().by_account.get(account)


def is_service_account_source(resource_type: str) -> bool:
    """``aws_elb_service_account`` and the like: a data source whose value is an AWS service account."""
    return resource_type in service_accounts().data_sources
