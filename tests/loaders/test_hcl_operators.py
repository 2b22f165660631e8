"""HCL's operators and iteration, on real files: conversions as HCL's spec gives them.

https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#operations,
https://developer.hashicorp.com/terraform/language/expressions/operators,
https://developer.hashicorp.com/terraform/language/expressions/for,
https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hcl_value import evaluate_file, value

from gate.values import Origin, Unknown


def is_gap(result: object) -> bool:
    return isinstance(result, Unknown) and result.origin is Origin.GAP


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("true == 1", False),
        ("false == 0", False),
        ('"1" == 1', False),
        ('"true" == true', False),
        ("1 == 1.0", True),
        ("null == null", True),
        ('null == ""', False),
        ('[1, "a"] == [1, "a"]', True),
        ("[true] == [1]", False),
        ("{a = 1} == {a = 1}", True),
        ("{a = 1} == {a = true}", False),
        ("true != 1", True),
        ('"1" != 1', True),
    ],
)
def test_equality_never_converts(expression: str, expected: bool) -> None:
    assert value(expression) is expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('true && "false"', False),
        ('true && "true"', True),
        ('"false" || false', False),
        ('!"true"', False),
        ('"true" ? "a" : "b"', "a"),
        ('"false" ? "a" : "b"', "b"),
        ('"5" + 1', 6),
        ('"2" * "3"', 6),
        ('"10" > 9', True),
        ("-7 % 3", -1),
        ("7 % -3", 1),
        ("7.5 % 2", 1.5),
    ],
)
def test_operands_convert_as_hcl_converts_them(expression: str, expected: object) -> None:
    assert value(expression) == expected and type(value(expression)) is type(expected)


@pytest.mark.parametrize(
    "expression",
    [
        "true && 1",
        "1 || false",
        '!"yes"',
        '"x" ? 1 : 2',
        "0 ? 1 : 2",
        '"" ? 1 : 2',
        "true + 1",
        '"a" + 1',
        "true < 2",
        "[for x in [1, 2] : x if 1]",
    ],
)
def test_operands_hcl_rejects_are_gaps_never_a_python_truth_value(expression: str) -> None:
    assert is_gap(value(expression))


def test_a_known_false_decides_and_whatever_the_unknown_side() -> None:
    assert value("false && aws_vpc.v.enable_dns_support", {"vpc.tf": 'resource "aws_vpc" "v" {}\n'}) is False
    assert value("aws_vpc.v.enable_dns_support || true", {"vpc.tf": 'resource "aws_vpc" "v" {}\n'}) is True
    both = value("aws_vpc.v.enable_dns_support && true", {"vpc.tf": 'resource "aws_vpc" "v" {}\n'})
    assert isinstance(both, Unknown) and not both.gap


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('[for k, v in toset(["b", "a"]) : "${k}=${v}"]', ["a=a", "b=b"]),
        ('[for k, v in ["b", "a"] : "${k}=${v}"]', ["0=b", "1=a"]),
        ('[for k, v in {b = 1, a = 2} : "${k}=${v}"]', ["a=2", "b=1"]),
        ('"%{for k, v in toset(["x"])}${k}%{endfor}"', "x"),
        ('[for k, v in setunion(["a"], ["b"]) : k]', ["a", "b"]),
    ],
)
def test_one_rule_of_iteration_a_set_key_is_its_element(expression: str, expected: object) -> None:
    assert value(expression) == expected


def test_a_dynamic_block_over_a_set_has_the_element_as_its_key() -> None:
    main = (
        'resource "terraform_data" "probe" {\n  dynamic "rule" {\n    for_each = toset(["0.0.0.0/0"])\n'
        "    content {\n      cidr = rule.key\n    }\n  }\n}\n"
    )
    with tempfile.TemporaryDirectory() as directory:
        assert evaluate_file(Path(directory), main)["rule"] == [{"cidr": "0.0.0.0/0"}]


def test_a_dynamic_block_over_a_value_that_is_not_a_collection_is_a_gap_never_no_block() -> None:
    main = 'resource "terraform_data" "probe" {\n  dynamic "rule" {\n    for_each = "x"\n    content {\n      cidr = rule.value\n    }\n  }\n}\n'
    with tempfile.TemporaryDirectory() as directory:
        [rule] = evaluate_file(Path(directory), main)["rule"]
    assert is_gap(rule["cidr"])


def test_map_keys_convert_as_terraform_converts_them() -> None:
    """A key is a string: ``true`` is "true" and ``1.0`` is "1" (never Python's "True", "1.0"); a for expression
    that makes one key twice without ``...`` is Terraform's error ("Duplicate object key"), never last-wins.
    https://developer.hashicorp.com/terraform/language/expressions/for#grouping-results"""
    assert value('lookup({ (true) = true }, "true", false)') is True
    assert value('{ (1.0) = "x" }') == {"1": "x"}
    assert value('{ a = 1 }[true ? "a" : "b"]') == 1
    assert isinstance(value('{ for k in ["a", "a"] : k => 1 }'), Unknown)
    assert value('{ for k in ["a", "a"] : k => 1... }') == {"a": [1, 1]}


def test_splats_over_count_instances_list_each_instance(tmp_path: Path) -> None:
    """``aws_x.y[*].attr`` and ``module.m[*].out`` over ``count`` instances are the list of each instance's value,
    in index order, and a splat of a single instance is a one-element list (never "known after apply" when the
    configuration sets the values).
    https://developer.hashicorp.com/terraform/language/expressions/splat"""
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text('variable "n" {}\noutput "cidr" {\n  value = "10.${var.n}.0.0/16"\n}\n')
    attributes = evaluate_file(
        tmp_path,
        (
            'resource "aws_ssm_parameter" "p" {\n  count = 2\n  value = "v${count.index}"\n}\n'
            'resource "aws_ssm_parameter" "one" {\n  value = "solo"\n}\n'
            'module "m" {\n  source = "./m"\n  count = 2\n  n = count.index\n}\n'
            'resource "terraform_data" "probe" {\n  input = [aws_ssm_parameter.p[*].value, aws_ssm_parameter.one[*].value,'
            " module.m[*].cidr, aws_ssm_parameter.p[*].arn]\n}\n"
        ),
    )
    values, single, modules, arns = attributes["input"]
    assert (values, single, modules) == (["v0", "v1"], ["solo"], ["10.0.0.0/16", "10.1.0.0/16"])
    assert len(arns) == 2 and all(isinstance(a, Unknown) for a in arns)


def test_an_identifier_is_never_empty_nor_null(tmp_path: Path) -> None:
    """An identifier used as is is one concrete object (docs/values.md), so comparing it with "" or null is decided:
    a conditional that tests it picks its branch. Compared with anything else, or derived, it stays unknown."""
    attributes = evaluate_file(
        tmp_path,
        """
data "aws_elb_service_account" "main" {}
resource "aws_s3_bucket" "b" {
  bucket = "example"
}
resource "terraform_data" "probe" {
  input = [
    aws_s3_bucket.b.arn != "", aws_s3_bucket.b.arn == null,
    data.aws_elb_service_account.main.id != "" ? "arn:aws:iam::999988887777:root" : data.aws_elb_service_account.main.arn,
    aws_s3_bucket.b.arn == "arn:aws:s3:::example", lower(aws_s3_bucket.b.arn) != "",
  ]
}
""",
    )
    never_empty, never_null, picked, other, derived = attributes["input"]
    assert (never_empty, never_null, picked) == (True, False, "arn:aws:iam::999988887777:root")
    assert isinstance(other, Unknown) and isinstance(derived, Unknown)


def test_the_id_of_an_arn_data_source_is_the_arn_it_parses(tmp_path: Path) -> None:
    """data.aws_arn echoes its input: its id is another account's ARN when it parses one, never an object of this
    configuration (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/arn)."""
    attributes = evaluate_file(
        tmp_path,
        """
data "aws_arn" "partner" {
  arn = "arn:aws:iam::999988887777:root"
}
resource "terraform_data" "probe" {
  input = data.aws_arn.partner.id
}
""",
    )
    assert attributes["input"] == "arn:aws:iam::999988887777:root"
