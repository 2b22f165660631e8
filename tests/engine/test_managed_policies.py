"""AWS managed policies attached by ARN are judged by what AWS's managed policy reference says they grant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gate.api import ScanOptions, scan
from gate.engine.managed_policies import TABLE, managed_name, table
from gate.model import Status
from gate.values import PARTITION_MARK, Unknown, UnknownText


def test_every_entry_cites_its_page_in_the_aws_managed_policy_reference() -> None:
    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    for name, entry in raw.items():
        assert entry["reference"] == f"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/{name}.html"
        assert entry["statements"], name
    assert "AdministratorAccess" not in table()  # GATE-PERM-009 judges it by its ARN, once


def test_names_are_read_from_arns_whatever_the_partition() -> None:
    assert managed_name("arn:aws:iam::aws:policy/IAMFullAccess") == "IAMFullAccess"
    assert managed_name("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess") == "ViewOnlyAccess"
    partly = Unknown(frozenset(), reason="partition")
    partly.partial = UnknownText(f"arn:{PARTITION_MARK}:iam::aws:policy/IAMFullAccess")
    assert managed_name(partly) == "IAMFullAccess"
    assert managed_name("arn:aws:iam::123456789012:policy/IAMFullAccess") is None  # a customer's, judged where written
    assert managed_name(Unknown(frozenset({"var.arn"}))) is None


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("IAMFullAccess", {"GATE-PERM-041"}),
        ("PowerUserAccess", {"GATE-PERM-005"}),
        ("SecretsManagerReadWrite", {"GATE-PERM-005"}),
        ("ReadOnlyAccess", set()),
    ],
)
def test_an_attached_managed_policy_fails_the_identity_policies_its_grants_fall_under(
    tmp_path: Path, arn: str, expected: set[str]
) -> None:
    (tmp_path / "main.tf").write_text(
        f"""\
resource "aws_iam_group_policy_attachment" "ops" {{
  group      = "ops"
  policy_arn = "arn:aws:iam::aws:policy/{arn}"
}}
""",
        encoding="utf-8",
    )
    run = scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}))
    failed = {
        r.policy_id
        for r in run.results
        if r.status is Status.FAILED and re.match(r"GATE-PERM-0(03|05|41)", r.policy_id)
    }
    assert failed == expected
