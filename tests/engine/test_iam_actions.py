"""IAM action patterns, read as IAM reads them: case-blind, ``*`` and ``?`` only, NotAction as a complement."""

from __future__ import annotations

import pytest

from gate.engine.iam_actions import admin_despite, covers_everything, covers_service, matches, touches_service


@pytest.mark.parametrize(
    "pattern,expected",
    [
        ("*", True),
        ("*:*", True),
        ("**", True),
        ("*?:*", True),
        ("?*:*?", True),
        ("*:", False),
        ("iam:*", False),
        ("?", False),
        ("*:*:*", False),
        ("", False),
        ("[*]", False),
        ("*a*", False),
    ],
)
def test_covers_everything(pattern: str, expected: bool) -> None:
    assert covers_everything(pattern) is expected


@pytest.mark.parametrize(
    "pattern,service,expected",
    [
        ("iam:*", "iam", True),
        ("IAM:*", "iam", True),
        ("i*", "iam", True),
        ("*", "iam", True),
        ("*:*", "sts", True),
        ("?am:*", "iam", True),
        ("iam:*?", "iam", True),
        ("iam:?", "iam", False),
        ("iam:Get*", "iam", False),
        ("iam:CreateUser", "iam", False),
        ("iamx:*", "iam", False),
        ("s3:*", "iam", False),
        ("*z*", "iam", False),
    ],
)
def test_covers_service(pattern: str, service: str, expected: bool) -> None:
    assert covers_service(pattern, service) is expected


@pytest.mark.parametrize(
    "pattern,service,expected",
    [
        ("iam:Get*", "iam", True),
        ("IAM:CreateUser", "iam", True),
        ("*", "iam", True),
        ("?am:x", "iam", True),
        ("s3:*", "iam", False),
        ("iam:", "iam", False),
        ("iam", "iam", False),
        ("ia", "iam", False),
    ],
)
def test_touches_service(pattern: str, service: str, expected: bool) -> None:
    assert touches_service(pattern, service) is expected


def test_matches_is_case_blind_and_knows_only_two_wildcards() -> None:
    assert matches("IAM:Pass*", "iam:PassRole")
    assert matches("iam:?assRole", "iam:PassRole")
    assert not matches("iam:[P]assRole", "iam:PassRole")  # a bracket is a character to IAM


def test_not_action_is_admin_unless_identity_services_are_excluded_whole() -> None:
    # NotAction docs: Allow with NotAction grants every unlisted action of every service
    assert admin_despite(["ec2:NoSuchAction"], unknown=False) is True
    assert admin_despite(["iam:*", "organizations:*"], unknown=False) is True  # sts:AssumeRole is left in
    assert admin_despite(["iam:*", "sts:*", "organizations:*"], unknown=False) is False
    assert admin_despite(["*"], unknown=False) is False
    assert admin_despite(["iam:Create*", "sts:*", "organizations:*"], unknown=False) is True
    assert admin_despite(["iam:*"], unknown=True) is None  # an unknown exclusion may hold sts and organizations


def test_patterns_that_grant_the_escalation_actions_are_every_action_and_long_ones_fail_closed() -> None:
    from gate.engine.iam_actions import covers_everything, covers_service

    assert covers_everything("*:??????*") and covers_everything("*?:*") and not covers_everything("???:*")
    assert covers_service("iam:" + "*" * 300, "iam")  # runs of * are one *: a long run is no way out
    assert covers_service("i" + "?" * 300, "iam")  # too long to decide: treated as covering (fail closed)
