"""Which Conditions narrow a grant to everyone, the way S3 Block Public Access and IAM Access Analyzer judge
"public": a positive operator on a key naming the caller's account, organisation, network or source, with fixed
values (IAM User Guide, "IAM JSON policy elements: Condition operators"; Amazon S3 User Guide, "The meaning of
public")."""

from __future__ import annotations

from typing import Any

import pytest

from gate.engine.iam_conditions import is_restricted
from gate.values import UNKNOWN_MARK, Origin, Unknown, UnknownText

VAR = Unknown(reason="var.x has no value", origin=Origin.UNSET)
TOPIC = Unknown(frozenset({"aws_sns_topic.t"}), reason="known after apply", origin=Origin.IDENTIFIER)
PARTIAL_ARN = Unknown(partial=UnknownText(f"arn:aws:sns:{UNKNOWN_MARK}:123456789012:t"), reason="var.region")


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:SourceVpce": "vpce-1"}},
        {"StringEquals": {"aws:PrincipalOrgID": ["o-abc", "o-def"]}},
        {"StringEqualsIgnoreCase": {"aws:SourceAccount": "123456789012"}},
        {"StringEquals": {"AWS:SourceOwner": VAR}},  # compared as it is, whatever it turns out to be
        {"StringEquals": {"aws:SourceAccount": "*"}},  # StringEquals compares "*" literally: no account matches
        {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}},
        {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
        {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}},  # the account is fixed
        {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::my-bucket/*"}},
        {"ArnEquals": {"aws:SourceArn": TOPIC}},
        {"ArnLike": {"aws:SourceArn": PARTIAL_ARN}},
        {"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}},
        {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc/r-ab12/ou-ab12-11111111/*"}},
        {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}},
        {"StringLike": {"aws:Referer": "*"}, "StringEquals": {"aws:SourceVpc": "vpc-1"}},  # all tests must hold
    ],
)
def test_fixed_values_of_narrowing_keys_restrict(condition: dict[str, Any]) -> None:
    assert is_restricted(condition) is True


@pytest.mark.parametrize(
    "condition",
    [
        {"IpAddress": {"aws:SourceIp": ["0.0.0.0/0", "::/0"]}},
        {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2000::/3"]}},  # one value that is the internet is enough
        {"IpAddress": {"aws:SourceIp": "not-a-cidr"}},
        {"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}},  # the internet, in two halves
        {"Null": {"aws:SourceIp": "false"}},
        {"StringNotEquals": {"aws:SourceAccount": "123456789012"}},  # true when the key is absent
        {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
        {"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}},
        {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}},  # true when the key is absent
        {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc"}},  # true when the key is absent
        {"ForAnyValue:StringEquals": {"aws:SourceAccount": "123456789012"}},  # a single-valued key
        {"StringLike": {"aws:PrincipalOrgID": "*"}},
        {"StringLike": {"aws:PrincipalOrgID": "o-*"}},
        {"StringLike": {"aws:SourceAccount": "1234567890??"}},
        {"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:*:topic"}},
        {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}},
        {"StringLike": {"aws:PrincipalOrgPaths": "*/r-ab12/*"}},
        {"StringLike": {"aws:userid": "*:alice"}},
        {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}},
        {"StringEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}"}},  # a policy variable: the caller's own
        {"StringLike": {"aws:Referer": "https://example.com/*"}},  # a key the caller sets
        {"Bool": {"aws:MultiFactorAuthPresent": "true"}},  # any account's user with MFA
        {"StringEquals": {"aws:SourceAccount": []}},
    ],
)
def test_conditions_anyone_can_meet_do_not_restrict(condition: dict[str, Any]) -> None:
    assert is_restricted(condition) is False


@pytest.mark.parametrize(
    "condition",
    [
        {"StringLike": {"aws:PrincipalOrgID": VAR}},  # may be "*"
        {"IpAddress": {"aws:SourceIp": VAR}},  # may be 0.0.0.0/0
        {"StringEquals": VAR},
        VAR,
    ],
)
def test_a_value_known_only_after_apply_that_decides_is_unknown(condition: Any) -> None:
    assert is_restricted(condition) is None
