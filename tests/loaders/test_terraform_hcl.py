"""The Terraform HCL loader on real files: evaluation, expansion, modules, and errors with lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.loaders.base import LoadOutput
from gate.loaders.hcl_parse import parse_body
from gate.loaders.terraform_loader import load_terraform
from gate.model import Resource
from gate.values import Unknown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "terraform"


def load(directory: Path, **kwargs: object) -> tuple[dict[str, Resource], LoadOutput]:
    root = directory.resolve()
    kwargs.setdefault("environ", {})
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), **kwargs)  # type: ignore[arg-type]
    return {r.address: r for r in out.resources}, out


@pytest.fixture(scope="module")
def project() -> tuple[dict[str, Resource], LoadOutput]:
    root = FIXTURES / "project"
    return load(
        root,
        var_files=[(root / "extra.tfvars").resolve()],
        environ={"TF_VAR_from_env": "env", "TF_VAR_from_var_file": "env"},
    )


def test_addresses_follow_terraform(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    resources, _ = project
    assert set(resources) == {
        'aws_s3_bucket.each["logs"]',
        'aws_s3_bucket.each["site"]',
        "aws_security_group.web",
        "aws_security_group_rule.extra[0]",
        "aws_security_group_rule.extra[1]",
        "aws_iam_policy.inline_json",
        "aws_iam_policy.heredoc",
        "data.aws_iam_policy_document.doc",
        "aws_s3_bucket_policy.doc",
        "aws_ebs_volume.probe",
        "aws_s3_bucket_public_access_block.module_bucket",
        "module.web.aws_security_group.this",
        'module.buckets["a"].aws_s3_bucket.this',
        'module.buckets["b"].aws_s3_bucket.this',
    }


def test_variable_precedence(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    tags = project[0]["aws_ebs_volume.probe"].attributes["tags"]
    assert tags["from_tfvars"] == "tfvars"
    assert tags["from_auto"] == "auto"  # *.auto.tfvars over terraform.tfvars
    assert tags["from_var_file"] == "var-file"  # --var-file over everything
    assert tags["from_env"] == "env"  # TF_VAR_ over the default


def test_expressions_and_functions(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    resources = project[0]
    tags = resources["aws_ebs_volume.probe"].attributes["tags"]
    assert tags["math"] == "yes"  # 1 + 2 * 3 > 6 ? ... : ... with HCL precedence
    assert tags["names"] == "SITE"  # for expression with a condition
    assert tags["lookup"] == "fallback"
    assert tags["formatted"] == "app-007"
    bucket = resources['aws_s3_bucket.each["site"]'].attributes
    assert bucket == {"bucket": "acme-dev-site", "acl": "public-read", "tags": {"team": "platform", "env": "dev"}}
    policy = json.loads(resources["aws_iam_policy.inline_json"].attributes["policy"])
    assert policy["Statement"][0]["Action"] == "*"


def test_unresolvable_values_are_unknown_not_source_text(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    resources = project[0]
    assert isinstance(resources["aws_ebs_volume.probe"].attributes["encrypted"], Unknown)
    assert isinstance(resources["aws_iam_policy.inline_json"].attributes["name"], Unknown)
    heredoc = resources["aws_iam_policy.heredoc"].attributes["policy"]
    assert isinstance(heredoc, Unknown)  # the ARN of a bucket is known only after apply
    assert "${" not in repr(resources)


def test_dynamic_blocks_and_count(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    resources = project[0]
    ingress = resources["aws_security_group.web"].attributes["ingress"]
    assert [(r["from_port"], r["cidr_blocks"]) for r in ingress] == [(22, ["0.0.0.0/0"]), (443, ["0.0.0.0/0"])]
    assert resources["aws_security_group_rule.extra[1]"].attributes["from_port"] == 8001


def test_references_are_recorded(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    resources = project[0]
    rule = resources["aws_security_group_rule.extra[0]"]
    assert rule.references["security_group_id"] == frozenset({"aws_security_group.web"})
    bucket_policy = resources["aws_s3_bucket_policy.doc"]
    assert bucket_policy.references["bucket"] == frozenset({'aws_s3_bucket.each["logs"]'})  # the instance named
    pab = resources["aws_s3_bucket_public_access_block.module_bucket"]
    assert 'module.buckets["a"].aws_s3_bucket.this' in pab.references["bucket"]  # through the module's output


def test_policy_document_data_source_renders(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    policy = json.loads(project[0]["aws_s3_bucket_policy.doc"].attributes["policy"])
    statement = policy["Statement"][0]
    assert statement["Principal"] == {"AWS": "*"}
    assert statement["Resource"] == ["arn:aws:s3:::acme-dev-logs/*"]


def test_local_modules_bind_inputs(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    resources, out = project
    sg = resources["module.web.aws_security_group.this"]
    assert sg.location.file == "modules/web/main.tf"
    assert (sg.location.start_line, sg.location.end_line) == (7, 15)
    assert sg.attributes["name"] == "acme-dev-svc"
    assert sg.attributes["ingress"][0]["from_port"] == 22  # the module's own default
    assert resources['module.buckets["b"].aws_s3_bucket.this'].attributes["bucket"] == "acme-dev-b"


def test_remote_modules_are_noticed_once(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    notices = project[1].notices
    assert len(notices) == 1
    assert "terraform-aws-modules/vpc/aws" in notices[0] and "not fetched" in notices[0]


def test_locations(project: tuple[dict[str, Resource], LoadOutput]) -> None:
    bucket = project[0]['aws_s3_bucket.each["logs"]']
    assert (bucket.location.file, bucket.location.start_line, bucket.location.end_line) == ("main.tf", 47, 52)


def test_terraform_json_syntax() -> None:
    resources, out = load(FIXTURES / "jsononly")
    volume = resources["aws_ebs_volume.data"]
    assert volume.attributes["encrypted"] is False
    assert volume.attributes["tags"] == {"Name": "vol-json"}
    assert volume.location.start_line == 5


def test_syntax_error_names_file_and_line_and_other_files_still_load() -> None:
    resources, out = load(FIXTURES / "broken")
    assert "aws_s3_bucket.ok" in resources
    assert len(out.errors) == 1
    error = out.errors[0]
    assert error.file == "bad.tf" and error.line == 3  # the attribute with no value
    assert str(error).startswith("bad.tf:3:")


@pytest.mark.parametrize(
    "source,expected",
    [
        ("x = 2 + 3 * 4", 14),
        ("x = (2 + 3) * 4", 20),
        ("x = 10 - 4 - 3", 3),
        ("x = true || false && false", True),
        ('x = 1 == 1 ? "a" : "b"', "a"),
        ('x = 1 > 2 ? "a" : 2 > 1 ? "b" : "c"', "b"),
        ("x = !false && true", True),
        ("x = -2 * 3", -6),
        ('x = "a${1 + 1}b"', "a2b"),
        ('x = "$${literal}"', "${literal}"),
        ("x = [for i in [1, 2, 3] : i * 2 if i > 1]", [4, 6]),
        ("x = {for k, v in {a = 1, b = 2} : v => k}", {"1": "a", "2": "b"}),
        ("x = [{a = 1}, {a = 2}][*].a", [1, 2]),
        ('x = try(local.missing.attr, "fallback")', "fallback"),
        ('x = can(regex("^a", "abc"))', True),
        ('x = coalesce("", "b")', "b"),
        ('x = concat(["a"], tolist(["b"]))', ["a", "b"]),
        ('x = cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
        ('x = element(["a", "b"], 3)', "b"),
        ('x = replace("a-b-c", "-", "_")', "a_b_c"),
    ],
)
def test_expression_evaluation(source: str, expected: object, tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(f'resource "null_resource" "r" {{\n  {source}\n}}\n')
    resources, out = load(tmp_path)
    assert not out.errors
    assert resources["null_resource.r"].attributes["x"] == expected


def test_unknown_propagates_through_operators(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "v" {}\nresource "null_resource" "r" {\n  a = var.v ? 1 : 2\n  b = "x-${var.v}"\n'
        "  c = false && var.v\n  d = length([var.v, 1])\n}\n"
    )
    resources, _ = load(tmp_path)
    attrs = resources["null_resource.r"].attributes
    assert isinstance(attrs["a"], Unknown) and isinstance(attrs["b"], Unknown)
    assert attrs["c"] is False  # decided without the unknown
    assert attrs["d"] == 2


def test_unknown_count_yields_one_unindexed_instance(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "n" {}\nresource "aws_ebs_volume" "v" {\n  count = var.n\n  size = 1\n}\n'
    )
    resources, _ = load(tmp_path)
    assert list(resources) == ["aws_ebs_volume.v"]


def test_count_zero_yields_nothing(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_ebs_volume" "v" {\n  count = 0\n  size = 1\n}\n')
    assert load(tmp_path)[0] == {}


def test_reference_cycles_do_not_hang(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'locals {\n  a = local.b\n  b = local.a\n}\nresource "null_resource" "r" {\n  x = local.a\n}\n'
    )
    resources, _ = load(tmp_path)
    assert isinstance(resources["null_resource.r"].attributes["x"], Unknown)


def test_parse_body_keeps_block_lines() -> None:
    body = parse_body('\n\nresource "a" "b" {\n  x = 1\n}\n', "t.tf")
    assert (body.blocks[0].line, body.blocks[0].end_line) == (3, 5)


def test_crlf_files_parse_with_their_lines() -> None:
    text = 'locals {\r\n  doc = <<EOT\r\n{"a": 1}\r\nEOT\r\n}\r\n\r\nresource "a" "b" {\r\n  x = 1 # note\r\n}\r\n'
    body = parse_body(text, "t.tf")
    assert (body.blocks[1].line, body.blocks[1].end_line) == (7, 9)
    assert body.blocks[1].body.attributes["x"].line == 8


def test_an_argument_set_twice_is_an_error_naming_both_lines() -> None:
    from gate.errors import InputError

    with pytest.raises(InputError, match=r"t.tf:4: argument cidr is set twice \(first at line 2\)"):
        parse_body('resource "a" "b" {\n  cidr = "0.0.0.0/0"\n  other = 1\n  cidr = "10.0.0.0/8"\n}\n', "t.tf")
