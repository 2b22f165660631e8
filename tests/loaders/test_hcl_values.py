"""What the HCL loader makes of values it cannot know, on real files: each unknown's origin, the known parts of
partly known strings, evaluation gaps, and crashes of the evaluator as error results (docs/values.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gate.loaders import hcl_eval
from gate.loaders.base import LoadOutput
from gate.loaders.terraform_loader import load_terraform
from gate.values import ACCOUNT_MARK, PARTITION_MARK, Origin, Unknown, known_text

ORIGINS = """
variable "unset" {}
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "terraform_data" "source" {
  input = "0.0.0.0/0"
}
resource "random_string" "suffix" {
  length = 1
}
locals {
  identifier  = aws_vpc.main.arn
  replaced    = replace(aws_vpc.main.arn, "vpc", "x")
  output      = terraform_data.source.output
  random_id   = random_string.suffix.id
  computed    = aws_vpc.main.default_route_table_id
  owner       = aws_vpc.main.owner_id
  unset       = var.unset
  partition   = data.aws_partition.current.partition
  account     = data.aws_caller_identity.current.account_id
  arn         = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
  nested      = "${"arn:${data.aws_partition.current.partition}"}:iam::210987654321:root"
  indexed     = aws_vpc.main.arn[0]
  gap         = nosuchfunction("x")
  provider_fn = provider::aws::arn_parse("arn:aws:iam::210987654321:root")
  rejected    = "a" + 1
  tried       = try("a" + 1, "fallback")
}
# Each tag is its own local: an expression Terraform rejects makes the whole attribute it is in a gap.
resource "aws_s3_bucket" "probe" {
  bucket = "probe"
  tags = {
    identifier  = local.identifier
    replaced    = local.replaced
    output      = local.output
    random_id   = local.random_id
    computed    = local.computed
    owner       = local.owner
    unset       = local.unset
    partition   = local.partition
    account     = local.account
    arn         = local.arn
    nested      = local.nested
    indexed     = local.indexed
    gap         = local.gap
    provider_fn = local.provider_fn
    rejected    = local.rejected
    tried       = local.tried
  }
}
"""


def load(tmp_path: Path, text: str) -> LoadOutput:
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    root = tmp_path.resolve()
    return load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})


def tags(tmp_path: Path) -> dict[str, Any]:
    out = load(tmp_path, ORIGINS)
    assert out.errors == []
    (probe,) = [r for r in out.resources if r.address == "aws_s3_bucket.probe"]
    return dict(probe.attributes["tags"])


@pytest.mark.parametrize(
    ("tag", "origin"),
    [
        ("identifier", Origin.IDENTIFIER),  # an AWS resource's own ARN, used as is: never "*", never a CIDR
        ("owner", Origin.COMPUTED),  # an account id (owner_id) may be another account's: not "this account's object"
        ("replaced", Origin.DERIVED),  # a function of an identifier is no longer one
        ("indexed", Origin.DERIVED),  # nor a part of it
        ("output", Origin.COMPUTED),  # terraform_data's output is computed at apply (its input is 0.0.0.0/0)
        ("random_id", Origin.COMPUTED),  # another provider's id can be data ("*" is a random_string)
        ("computed", Origin.IDENTIFIER),  # an *_id computed by the provider names one object
        ("unset", Origin.UNSET),
        ("partition", Origin.PARTITION),
        ("account", Origin.ACCOUNT),
        ("arn", Origin.DERIVED),  # a template mixing parts is a plain unknown...
        ("gap", Origin.GAP),  # a function the gate does not have
        ("provider_fn", Origin.GAP),  # a provider-defined function: the gate does not run providers
        ("rejected", Origin.GAP),  # an expression Terraform rejects: an evaluation gap, never a crash
    ],
)
def test_each_unknown_says_where_it_comes_from(tmp_path: Path, tag: str, origin: Origin) -> None:
    value = tags(tmp_path)[tag]
    assert isinstance(value, Unknown)
    assert value.origin is origin, value.reason


def test_partly_known_strings_keep_their_known_parts(tmp_path: Path) -> None:
    found = tags(tmp_path)
    # ...whose known parts, the partition and the account stay readable
    assert known_text(found["arn"]) == f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:root"
    assert known_text(found["nested"]) == f"arn:{PARTITION_MARK}:iam::210987654321:root"
    assert found["tried"] == "fallback"


def test_a_gap_inside_a_derived_value_stays_a_gap(tmp_path: Path) -> None:
    out = load(
        tmp_path,
        """
resource "aws_security_group" "g" {
  name = "g"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [lower("${nosuchfunction("x")}/0")]
  }
}
""",
    )
    cidr = out.resources[0].attributes["ingress"][0]["cidr_blocks"][0]
    assert isinstance(cidr, Unknown) and cidr.origin is Origin.GAP
    assert "nosuchfunction" in cidr.reason


def test_nesting_past_the_limit_is_a_gap(tmp_path: Path) -> None:
    deep = "[" * (hcl_eval.MAX_DEPTH + 5) + '"x"' + "]" * (hcl_eval.MAX_DEPTH + 5)
    out = load(tmp_path, f'resource "aws_s3_bucket" "b" {{\n  bucket = {deep}\n}}\n')
    assert out.errors == []
    bucket = out.resources[0].attributes["bucket"]
    assert isinstance(bucket, Unknown) and bucket.origin is Origin.GAP


def _crash(*args: Any) -> Any:
    raise AttributeError("'NoneType' object has no attribute 'strip'")


@pytest.mark.parametrize("error", [AttributeError, KeyError, TypeError, RecursionError, IndexError])
def test_a_crash_of_the_evaluator_is_an_error_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    def crash(*args: Any) -> Any:
        raise error("inside the gate")

    monkeypatch.setitem(hcl_eval.FUNCTIONS, "upper", crash)
    out = load(
        tmp_path,
        """resource "aws_s3_bucket" "fine" {
  bucket = "fine"
}

resource "aws_s3_bucket" "crash" {
  bucket = upper("x")
}
""",
    )
    assert [(e.file, e.line) for e in out.errors] == [("main.tf", 5)]
    assert error.__name__ in out.errors[0].message and "bug of the gate" in out.errors[0].message


def test_a_crash_inside_a_local_names_the_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(hcl_eval.FUNCTIONS, "upper", _crash)
    out = load(
        tmp_path,
        """locals {
  name = "x"
  cidr = upper("x")
}

resource "aws_s3_bucket" "b" {
  bucket = local.cidr
}
""",
    )
    assert [(e.file, e.line) for e in out.errors] == [("main.tf", 3)]


def test_a_crash_is_not_swallowed_by_try(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(hcl_eval.FUNCTIONS, "upper", _crash)
    out = load(tmp_path, 'resource "aws_s3_bucket" "b" {\n  bucket = try(upper("x"), "y")\n}\n')
    assert [(e.file, e.line) for e in out.errors] == [("main.tf", 1)]


def test_a_call_with_the_wrong_number_of_arguments_is_the_users_error(tmp_path: Path) -> None:
    out = load(tmp_path, 'resource "aws_s3_bucket" "b" {\n  bucket = lower("a", "b")\n}\n')
    assert out.errors == []
    bucket = out.resources[0].attributes["bucket"]
    assert isinstance(bucket, Unknown) and bucket.origin is Origin.GAP


def test_the_caller_identity_of_another_provider_configuration_is_not_the_deploying_account(tmp_path: Path) -> None:
    """A provider configuration may assume a role in another account, so ``aws_caller_identity`` read through it
    names that account (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#assume_role)."""
    out = load(
        tmp_path,
        (
            'provider "aws" {\n  alias = "partner"\n}\n'
            'data "aws_caller_identity" "partner" {\n  provider = aws.partner\n}\n'
            'data "aws_caller_identity" "own" {}\n'
            'resource "aws_s3_bucket" "probe" {\n  tags = {\n'
            "    partner = data.aws_caller_identity.partner.account_id\n    own = data.aws_caller_identity.own.account_id\n  }\n}\n"
        ),
    )
    (probe,) = [r for r in out.resources if r.address == "aws_s3_bucket.probe"]
    assert probe.attributes["tags"]["own"].origin is Origin.ACCOUNT
    assert probe.attributes["tags"]["partner"].origin is Origin.DEPLOY
