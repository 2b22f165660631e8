"""Terraform's JSON syntax read as HCL's JSON specification says: every occurrence of a repeated name, arrays
at label and body levels, dynamic blocks; repeated arguments and keys are errors, never "the last one wins".
https://github.com/hashicorp/hcl/blob/main/json/spec.md"""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.errors import InputError
from gate.loaders.terraform_files import read_var_file
from gate.loaders.terraform_json import json_body, read_json
from gate.loaders.terraform_loader import load_terraform
from gate.model import Resource


def load(directory: Path) -> tuple[dict[str, Resource], list[str]]:
    root = directory.resolve()
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})
    return {r.address: r for r in out.resources}, [str(e) for e in out.errors]


def test_a_label_given_twice_declares_both_blocks(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text(
        '{"resource": {\n'
        '  "aws_s3_bucket": {"a": {"bucket": "a"}},\n'
        '  "aws_s3_bucket": {"b": {"bucket": "b"}}\n'
        "},\n"
        '"resource": {"aws_s3_bucket": {"c": {"bucket": "c"}}}}\n'
    )
    resources, errors = load(tmp_path)
    assert errors == []
    assert sorted(resources) == ["aws_s3_bucket.a", "aws_s3_bucket.b", "aws_s3_bucket.c"]
    assert [resources[k].location.start_line for k in ("aws_s3_bucket.a", "aws_s3_bucket.b", "aws_s3_bucket.c")] == [
        2,
        3,
        5,
    ]


def test_arrays_at_label_and_body_levels(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text(
        '{"resource": [{"aws_s3_bucket": [{"a": {"bucket": "a"}}, {"b": [{"bucket": "b"}]}]}],'
        ' "variable": {"v": [{"default": 1}]}}'
    )
    resources, errors = load(tmp_path)
    assert errors == []
    assert sorted(resources) == ["aws_s3_bucket.a", "aws_s3_bucket.b"]


def test_a_body_given_twice_is_two_blocks_of_one_address(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text('{"resource": {"aws_s3_bucket": {"a": [{"bucket": "x"}, {"bucket": "y"}]}}}')
    _, errors = load(tmp_path)
    assert errors == ["main.tf.json:1: aws_s3_bucket.a is declared twice (first at main.tf.json:1)"]


def test_a_nested_block_given_twice_is_every_block(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text(
        '{"resource": {"aws_security_group": {"g": {\n'
        '  "ingress": {"from_port": 22, "cidr_blocks": ["0.0.0.0/0"]},\n'
        '  "ingress": [{"from_port": 443, "cidr_blocks": ["10.0.0.0/8"]}]\n'
        "}}}}\n"
    )
    resources, errors = load(tmp_path)
    assert errors == []
    ingress = resources["aws_security_group.g"].attributes["ingress"]
    assert [rule["from_port"] for rule in ingress] == [22, 443]


def test_an_argument_given_twice_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text(
        '{"resource": {"aws_security_group_rule": {"r": {\n'
        '  "cidr_blocks": ["0.0.0.0/0"],\n'
        '  "cidr_blocks": ["10.0.0.0/8"]\n'
        "}}}}\n"
    )
    resources, errors = load(tmp_path)
    assert resources == {}
    assert errors == ["main.tf.json:3: argument cidr_blocks is given twice (first at line 2)"]


def test_a_key_given_twice_in_an_object_value_is_an_error() -> None:
    with pytest.raises(InputError, match=r"x.tf.json:3: key 'Name' is given twice \(first at line 2\)"):
        json_body('{"resource": {"a": {"b": {"tags": {\n"Name": "x",\n"Name": "y"}}}}}', "x.tf.json")


def test_dynamic_blocks_and_comments(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text(
        '{"//": "generated", "resource": {"aws_security_group": {"g": {\n'
        '  "//": "a comment is not an argument",\n'
        '  "dynamic": {"ingress": {"for_each": [22, 443], "iterator": "port",\n'
        '    "content": {"from_port": "${port.value}", "cidr_blocks": ["0.0.0.0/0"]}}}\n'
        "}}}}\n"
    )
    resources, errors = load(tmp_path)
    assert errors == []
    attributes = resources["aws_security_group.g"].attributes
    assert [rule["from_port"] for rule in attributes["ingress"]] == [22, 443]
    assert "//" not in attributes and "dynamic" not in attributes


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(InputError, match=r"x.tf.json:3: invalid JSON"):
        read_json('{\n"a": 1,\n"b": }', "x.tf.json")
    with pytest.raises(InputError, match="extra data"):
        read_json("{} {}", "x.tf.json")
    with pytest.raises(InputError, match="nested deeper"):
        read_json("[" * 1000 + "]" * 1000, "x.tf.json")


def test_a_variable_given_twice_in_a_json_variables_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.tfvars.json"
    path.write_text('{\n"cidr": "10.0.0.0/8",\n"cidr": "0.0.0.0/0"\n}\n')
    with pytest.raises(InputError, match=r"x.tfvars.json:3: key 'cidr' is given twice"):
        read_var_file(path, "x.tfvars.json")
    path.write_text('{"cidr": "${not.a.template}", "tags": {"a": [1]}}')
    values = read_var_file(path, "x.tfvars.json")
    assert [getattr(values[k], "value", None) for k in ("cidr", "tags")] == ["${not.a.template}", {"a": [1]}]
