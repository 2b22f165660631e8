"""The ARN of a customer managed policy created in the same configuration is never an AWS managed policy.

Its ARN is ``arn:<partition>:iam::<account>:policy<path><name>`` with the deploying account's twelve digits
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns); an AWS managed
policy has ``aws`` there. So attaching ``aws_iam_policy.x.arn`` is never attaching AdministratorAccess, while a
value computed from it, or the ARN a data source looks up, stays unknown.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.engine.mark_patterns import never_matches
from gate.model import Status
from gate.values import ACCOUNT_MARK, IDENTIFIER_MARK, PARTITION_MARK, UNKNOWN_MARK, known_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "customer_policy"
ADMIN = re.compile(r"^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$")


def test_attaching_a_policy_of_this_configuration_is_not_administrator_access(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    run = scan(ScanOptions(paths=[root], cwd=root, environ={}, stage="pr"))
    status = {r.resource.address: r.status for r in run.results if r.policy_id == "GATE-PERM-009"}
    assert status["aws_iam_role_policy_attachment.app"] is Status.PASSED
    # replace() of the ARN may be any text; a data source may look AdministratorAccess up: both stay unknown.
    assert status["aws_iam_role_policy_attachment.odd"] is Status.UNKNOWN
    assert status["aws_iam_role_policy_attachment.looked_up"] is Status.UNKNOWN


def test_the_arn_keeps_what_is_known_of_it(tmp_path: Path) -> None:
    from gate.loaders.terraform_loader import load_terraform

    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    out = load_terraform(root, root, lambda p: p.name)  # type: ignore[arg-type]
    attachment = next(r for r in out.resources if r.address == "aws_iam_role_policy_attachment.app")
    arn = attachment.attributes["policy_arn"]
    assert known_text(arn) == f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/app-read"
    assert arn.concrete and arn.refs == frozenset({"aws_iam_policy.app"})


@pytest.mark.parametrize(
    ("pattern", "text", "never"),
    [
        (ADMIN.pattern, f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/app", True),
        (ADMIN.pattern, f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/AdministratorAccess", True),
        (ADMIN.pattern, f"arn:{PARTITION_MARK}:iam::aws:policy/AdministratorAccess", False),  # it matches
        (ADMIN.pattern, f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/{IDENTIFIER_MARK}", False),  # any text
        (ADMIN.pattern, f"arn:{PARTITION_MARK}:iam::{UNKNOWN_MARK}:policy/AdministratorAccess", False),
        # Patterns that can match a digit could match some account id: undecided.
        (r"iam::\d{12}:", f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x", False),
        (r"iam::1", f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x", False),
        (r"iam::[^a]", f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x", False),
        (r"iam::.", f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x", False),
        (r"iam::\w", f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x", False),
        (r"(?i)iam::[0-z]", f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x", False),
        (r"iam::(?=[a-z])", f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x", True),
        (r"^arn:aws-cn:", f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy/x", False),  # some partition matches
    ],
)
def test_a_pattern_never_matches_only_when_no_value_of_the_marks_can_match(
    pattern: str, text: str, never: bool
) -> None:
    assert never_matches(re.compile(pattern), text) is never
