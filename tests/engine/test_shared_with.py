"""With whom a statement shares: accounts and organisations fixed by its Condition, canonical users of its
Principal (IAM User Guide, "aws:PrincipalAccount"; Amazon S3 User Guide, "Find the canonical user ID")."""

from __future__ import annotations

import pytest

from gate.engine.context import Context
from gate.engine.iam_conditions import is_restricted
from gate.engine.index import ResourceIndex
from gate.engine.shared_with import Approved, canonical_share, condition_share, external_share
from gate.model import Location, Resource
from gate.values import Origin, Unknown

APPROVED = Approved.of(
    {
        "approved_accounts": ["111122223333"],
        "approved_organizations": ["o-ours12345"],
        "approved_canonical_users": ["AB" * 32],
    }
)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"StringEquals": {"aws:PrincipalAccount": "999988887777"}}, True),
        ({"StringEquals": {"aws:PrincipalAccount": "111122223333"}}, False),
        ({"StringEqualsIfExists": {"aws:SourceAccount": ["111122223333", "999988887777"]}}, True),
        ({"StringEquals": {"kms:CallerAccount": "999988887777"}}, True),
        ({"StringNotEquals": {"aws:PrincipalAccount": "999988887777"}}, False),  # a negation names no share
        ({"StringLike": {"aws:PrincipalAccount": "1111222233*"}}, True),  # a wildcard may match any account
        ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::999988887777:role/*"}}, True),
        ({"StringEquals": {"aws:PrincipalOrgID": "o-ours12345"}}, False),
        ({"StringEquals": {"aws:PrincipalOrgID": "o-theirs6789"}}, True),
        ({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-theirs6789/r-ab12/*"}}, True),
        ({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-ours12345/r-ab12/*"}}, False),
        ({"StringEquals": {"aws:SourceOrgID": Unknown(origin=Origin.COMPUTED)}}, None),
        (
            {"StringEquals": {"aws:PrincipalOrgID": Unknown(frozenset({"data.aws_organizations_organization.this"}))}},
            False,
        ),
        ({"StringEquals": {"aws:PrincipalAccount": Unknown(origin=Origin.ACCOUNT)}}, False),
    ],
)
def test_condition_share(condition: dict[str, object], expected: bool | None) -> None:
    assert condition_share(condition, APPROVED)[0] is expected


def test_condition_share_names_the_unapproved_organization() -> None:
    verdict, whom = condition_share({"StringEquals": {"aws:PrincipalOrgID": "o-theirs6789"}}, APPROVED)
    assert verdict is True and "o-theirs6789" in whom and "approved_organizations" in whom


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ({"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, True),
        ({"CanonicalUser": "ab" * 32}, False),  # approved (ids compare case-blind)
        ({"CanonicalUser": Unknown(frozenset({"aws_cloudfront_origin_access_identity.site"}))}, False),
        ({"CanonicalUser": Unknown(frozenset({"aws_s3_bucket.other"}))}, None),
        ({"AWS": "999988887777"}, False),  # accounts are judged by gate.engine.accounts
    ],
)
def test_canonical_share(principal: dict[str, object], expected: bool | None) -> None:
    assert canonical_share(principal, APPROVED)[0] is expected


def test_federated_provider_of_a_foreign_account_is_external() -> None:
    statement = {
        "Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::999988887777:saml-provider/idp"},
        "Action": "sts:AssumeRoleWithSAML",
    }
    role = Resource("aws_iam_role.r", "aws_iam_role", "terraform", {}, Location(file="main.tf"), scope="s")
    assert external_share(statement, APPROVED, Context(role, ResourceIndex([role]), {}))[0] is True


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"sts:ExternalId": "acme-2024"}},  # not a secret, names no caller
        {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}},  # the service, in any account
    ],
)
def test_keys_that_name_no_caller_do_not_restrict(condition: dict[str, object]) -> None:
    assert is_restricted(condition) is False
