"""Templates are recognised by parsing, whatever the file is called; what cannot be read is never skipped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.loaders.detect import load_data_file
from gate.loaders.discovery import discover

OPEN_SSH = (
    'Resources:\n  Bastion:\n    Type: "AWS\\x3A:EC2::SecurityGroup"\n    Properties:\n      GroupDescription: b\n'
    "      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]\n"
)


def test_yaml_in_a_json_file_is_a_template(tmp_path: Path) -> None:
    # AWS reads a template body as JSON or YAML whatever the file's name; the escaped type is AWS::EC2::SecurityGroup
    path = tmp_path / "stack.json"
    path.write_text(OPEN_SSH, encoding="utf-8")
    out = load_data_file(path, "stack.json", {})
    assert out is not None and [r.type for r in out.resources] == ["AWS::EC2::SecurityGroup"]


@pytest.mark.parametrize("name", ["stack.YAML", "stack.Template", "stack.Yml", "stack.txt"])
def test_suffixes_are_matched_in_any_case(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(OPEN_SSH, encoding="utf-8")
    assert discover([tmp_path]).data_files == [tmp_path / name]


def test_a_file_named_on_the_command_line_is_read_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "stack.cfn"
    path.write_text(OPEN_SSH, encoding="utf-8")
    inputs = discover([path])
    assert inputs.data_files == [path] and inputs.named_files == {path}


def test_a_named_file_that_cannot_be_read_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "stack.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert load_data_file(path, "stack.bin", {}) is None  # met in a folder, it does not look like a template
    out = load_data_file(path, "stack.bin", {}, named=True)
    assert out is not None and out.errors and out.errors[0].file == "stack.bin"


def test_text_that_is_not_yaml_deploys_nothing_unless_it_looks_like_a_template(tmp_path: Path) -> None:
    chart = tmp_path / "deployment.yaml"
    chart.write_text("{{- if .Values.x }}\nkind: [\n", encoding="utf-8")  # a Helm chart: CloudFormation rejects it
    assert load_data_file(chart, "deployment.yaml", {}, named=True) is None
    broken = tmp_path / "stack.yaml"
    broken.write_text("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: [unclosed\n", encoding="utf-8")
    out = load_data_file(broken, "stack.yaml", {})
    assert out is not None and out.errors


@pytest.mark.parametrize("key", ["1", "1.0", "true"])
def test_keys_that_are_one_string_are_duplicates(tmp_path: Path, key: str) -> None:
    # CloudFormation keys are strings, and AWS leaves duplicate keys undefined: the file is refused, never guessed,
    # even when nothing in it looks like a template to a grep.
    path = tmp_path / "stack.yaml"
    path.write_text(
        f"Mappings:\n  Tiers:\n    {key}: {{Cidr: 10.0.0.0/8}}\n    '{key}': {{Cidr: 0.0.0.0/0}}\n", encoding="utf-8"
    )
    out = load_data_file(path, "stack.yaml", {})
    assert out is not None and [(e.line, "duplicate key" in e.detail) for e in out.errors] == [(4, True)]


def test_duplicate_keys_in_json_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "stack.json"
    path.write_text(
        '{"Resources": {"A": {"Type": "AWS::SNS::Topic"},\n "A": {"Type": "AWS::SQS::Queue"}}}', encoding="utf-8"
    )
    out = load_data_file(path, "stack.json", {})
    assert out is not None and [e.line for e in out.errors] == [2]
