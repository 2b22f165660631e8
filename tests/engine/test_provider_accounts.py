"""The account a resource is in follows its provider configuration (gate.engine.provider_accounts), judged by
real scans: an account-wide setting counts for resources of its own configuration only, and a principal from
another configuration is an account outside the approved ones.
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_account_public_access_block
https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations"""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.model import Status

PROVIDERS = """
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "sandbox"
  region = "us-east-1"
}
"""

BLOCK = """
resource "aws_s3_account_public_access_block" "all" {
  {provider}
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"""

BUCKET = """
resource "aws_s3_bucket" "data" {
  {provider}
  bucket = "example-customer-data"
}
resource "aws_s3_bucket_ownership_controls" "data" {
  {provider}
  bucket = aws_s3_bucket.data.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}
resource "aws_s3_bucket_acl" "data" {
  {provider}
  depends_on = [aws_s3_bucket_ownership_controls.data]
  bucket     = aws_s3_bucket.data.id
  acl        = "public-read-write"
}
"""

SANDBOX = "provider = aws.sandbox"


def status(tmp_path: Path, text: str, policy: str, address: str) -> Status:
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    run = scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}))
    assert not run.errors, run.errors
    (result,) = [r for r in run.results if r.policy_id == policy and r.resource.address == address]
    return result.status


@pytest.mark.parametrize(
    ("block", "bucket", "expected"),
    [
        ("", "", Status.PASSED),  # both in the deploying account
        (SANDBOX, SANDBOX, Status.PASSED),  # both in the sandbox account
        (SANDBOX, "", Status.FAILED),  # the block configures the sandbox account only
        ("", SANDBOX, Status.FAILED),
    ],
)
def test_account_public_access_block_of_the_bucket_account(
    tmp_path: Path, block: str, bucket: str, expected: Status
) -> None:
    text = PROVIDERS + BLOCK.replace("{provider}", block) + BUCKET.replace("{provider}", bucket)
    # The public ACL blocks on the bucket or on its aws_s3_bucket_acl (judged on its own when the bucket it names
    # is not proven to be this bucket: another provider configuration's identifier, gate.engine.as_is).
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    run = scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}))
    found = {r.status for r in run.results if r.policy_id == "GATE-PERM-001"}
    worst = next(s for s in (Status.FAILED, Status.UNKNOWN, Status.PASSED) if s in found)
    assert worst is expected


POLICY = """
resource "aws_iam_role" "reader" {
  {provider}
  name               = "reader"
  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Principal = {Service = "ec2.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}
resource "aws_s3_bucket" "data" {
  bucket = "example-customer-data"
}
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{Effect = "Allow", Principal = {AWS = aws_iam_role.reader.arn}, Action = "s3:GetObject",
                  Resource = "${aws_s3_bucket.data.arn}/*"}]
  })
}
"""


@pytest.mark.parametrize(("provider", "expected"), [("", Status.PASSED), (SANDBOX, Status.FAILED)])
def test_principal_created_through_another_configuration(tmp_path: Path, provider: str, expected: Status) -> None:
    text = PROVIDERS + POLICY.replace("{provider}", provider)
    assert status(tmp_path, text, "GATE-PERM-018", "aws_s3_bucket_policy.data") is expected
