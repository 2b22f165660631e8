"""Which accounts a value names, for the policies on sharing and trust (gate.engine.accounts)."""

from __future__ import annotations

from typing import Any

import pytest

from gate.engine.accounts import OWN_ACCOUNT, account_of, foreign
from gate.values import ACCOUNT_MARK, PARTITION_MARK, UNKNOWN_MARK, Origin, Unknown, UnknownText

APPROVED = {"123456789012"}


def text(value: str, origin: Origin = Origin.DERIVED) -> Unknown:
    return Unknown(partial=UnknownText(value), origin=origin)


@pytest.mark.parametrize(
    ("principal", "account"),
    [
        ("210987654321", "210987654321"),
        ("arn:aws:iam::210987654321:root", "210987654321"),
        ("arn:aws-us-gov:sts::210987654321:assumed-role/x/y", "210987654321"),
        (f"arn:{PARTITION_MARK}:iam::210987654321:root", "210987654321"),
        (f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:root", OWN_ACCOUNT),
        (f"arn:aws:iam::{UNKNOWN_MARK}:root", None),
        ("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1", None),
        ("*", None),
        # an organization or OU names its management account (EC2 User Guide, "Get the ARN of an organization")
        ("arn:aws:organizations::210987654321:organization/o-a1b2c3d4e5", "210987654321"),
        ("arn:aws:organizations::210987654321:ou/o-a1b2c3d4e5/ou-ab12-cdef3456", "210987654321"),
        (f"arn:{PARTITION_MARK}:organizations::{ACCOUNT_MARK}:organization/o-a1b2c3d4e5", OWN_ACCOUNT),
        ("o-a1b2c3d4e5", None),
    ],
)
def test_account_of(principal: str, account: str | None) -> None:
    assert account_of(principal) == account


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        (["123456789012"], False),
        (["210987654321"], True),
        ([210987654321], True),  # a number Terraform converts to the string "210987654321"
        ([210987654321.0], True),
        (["all"], True),
        ([text(f"arn:{PARTITION_MARK}:iam::210987654321:root")], True),
        ([text(f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:root")], False),  # the deploying account
        ([Unknown(origin=Origin.ACCOUNT)], False),
        ([Unknown(frozenset({"aws_iam_role.app"}), origin=Origin.IDENTIFIER)], False),  # a role created here
        ([Unknown(frozenset({"module.org.aws_organizations_account.member[0]"}), origin=Origin.IDENTIFIER)], None),
        ([Unknown(frozenset({"terraform_data.partners"}), origin=Origin.COMPUTED)], None),  # derived: anything
        ([text(f"arn:aws:iam::{UNKNOWN_MARK}:root", Origin.DERIVED)], None),
        ([Unknown(origin=Origin.GAP), "210987654321"], True),  # a known foreign account decides
        # accounts AWS owns for a service (policies/aws-service-accounts.yaml), by id or by the provider's data source
        (["arn:aws:iam::127311923021:root"], False),  # Elastic Load Balancing, us-east-1
        (["arn:aws-us-gov:iam::665727464434:user/logs"], False),  # Redshift audit logging, GovCloud
        (["127311923022"], True),  # one digit off: not AWS's
        ([Unknown(frozenset({"data.aws_elb_service_account.main"}), origin=Origin.IDENTIFIER)], False),
        (
            [Unknown(frozenset({"module.lb.data.aws_redshift_service_account.this[0]"}), origin=Origin.IDENTIFIER)],
            False,
        ),
        # a managed resource or another data source of the same name proves nothing
        ([Unknown(frozenset({"aws_elb_service_account.main"}), origin=Origin.DEPLOY)], None),
        (
            [Unknown(frozenset({"data.aws_elb_service_account.main", "data.external.x"}), origin=Origin.IDENTIFIER)],
            None,
        ),
        # only the data source's identifier used as is: a value derived from it (a conditional that tests it and
        # returns another account) may be any account
        ([Unknown(frozenset({"data.aws_elb_service_account.main"}), origin=Origin.DERIVED)], None),
        # a data source describes an existing object, maybe another account's (data.aws_arn echoes its input);
        # the caller's own organization, read through the default provider, is the deploying account's
        ([Unknown(frozenset({"data.aws_iam_role.partner"}), origin=Origin.IDENTIFIER)], None),
        ([Unknown(frozenset({"data.aws_organizations_organization.current"}), origin=Origin.IDENTIFIER)], False),
        ([Unknown(frozenset({"aws_iam_role.app"}), origin=Origin.IDENTIFIER)], False),
    ],
)
def test_foreign(values: list[Any], verdict: bool | None) -> None:
    assert foreign(values, APPROVED)[0] is verdict


def test_service_account_tables_cite_aws() -> None:
    """Every account of the table is a 12-digit id listed with the AWS page that documents it, region by region."""
    import yaml

    from gate.engine.service_accounts import FILE_NAME, aws_service_account
    from gate.policies import builtin_dir

    raw = yaml.safe_load((builtin_dir() / FILE_NAME).read_text(encoding="utf-8"))
    assert {t["data_source"] for t in raw["tables"]} == {"aws_elb_service_account", "aws_redshift_service_account"}
    for table in raw["tables"]:
        assert all(
            url.startswith(("https://docs.aws.amazon.com/", "https://docs.amazonaws.cn/"))
            for url in table["documentation"]
        )
        for region, account in table["accounts"].items():
            found = aws_service_account(account)
            assert found is not None and found.account == account, (region, account)


def test_not_approved_says_how_to_approve() -> None:
    from gate.engine.accounts import not_approved

    assert "`approved_accounts` in the trusted configuration" in not_approved("210987654321")
