"""The text of configuration files read as HCL, Terraform's JSON syntax and OpenTofu read it, on real files:
where heredocs close, where lines end, which JSON strings are templates, which files a directory holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gate.loaders import hcl_ast as ast
from gate.loaders.inline import hcl_lines
from gate.loaders.terraform_json import json_expr
from gate.loaders.terraform_loader import load_terraform


def load(tmp_path: Path, files: dict[str, str]) -> Any:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    root = tmp_path.resolve()
    return load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})


GROUP = 'resource "aws_security_group" "open" {\n  name = "open"\n}\n'


@pytest.mark.parametrize("closing", ["EOT ", "EOT\t", "  EOT  ", "EOT\u00a0", "EOT\f"])
def test_a_heredoc_closes_where_hcl_closes_it(tmp_path: Path, closing: str) -> None:
    # HCL compares bytes.TrimSpace(line) with the marker (hclsyntax/scan_tokens.rl, heredocLiteralEOL)
    main = f"locals {{\n  motd = <<EOT\nhello\n{closing}\n}}\n\n{GROUP}\nlocals {{\n  footer = <<EOT\nEOT\n}}\n"
    out = load(tmp_path, {"main.tf": main})
    assert out.errors == []
    [group] = [r for r in out.resources if r.address == "aws_security_group.open"]
    assert group.location.start_line == 7


def test_a_heredoc_text_line_the_grammar_would_close_on_but_hcl_would_not_is_refused(tmp_path: Path) -> None:
    main = f"locals {{\n  motd = <<EOT\n\x1cEOT\n{GROUP}EOT\n}}\n"
    out = load(tmp_path, {"main.tf": main})
    assert out.resources == [] and len(out.errors) == 1 and "heredoc" in str(out.errors[0])


def test_lines_end_where_hcl_ends_them() -> None:
    # https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#comments-and-whitespace
    assert hcl_lines("a\f\f\x0b\x1c\u2028\u0085b\r\nc\nd") == ["a\f\f\x0b\x1c\u2028\u0085b", "c", "d"]


def test_an_inline_skip_lands_on_the_block_it_is_written_above(tmp_path: Path) -> None:
    skip = '# gate:skip=GATE-NET-001 reason="internal"\n'
    main = "# header" + "\f" * 10 + "\n\n" + skip + GROUP.replace("open", "internal") + "\n" + GROUP
    out = load(tmp_path, {"main.tf": main})
    skips = {r.address: [s.policy_id for s in r.skips] for r in out.resources}
    assert skips == {"aws_security_group.internal": ["GATE-NET-001"], "aws_security_group.open": []}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('${var.x == "a" ? "b" : "c"}', ast.Cond),
        ("a\\b", ast.Lit),
        ("$${literal}", ast.Lit),
    ],
)
def test_a_json_string_is_parsed_as_a_template_without_escapes(text: str, expected: type) -> None:
    # https://github.com/hashicorp/hcl/blob/main/json/spec.md#string-values
    assert isinstance(json_expr(text), expected)
    if expected is ast.Lit:
        assert json_expr(text).value == text.replace("$${", "${")  # type: ignore[attr-defined]


def test_a_json_variable_default_is_literal(tmp_path: Path) -> None:
    # https://developer.hashicorp.com/terraform/language/syntax/json#variable-blocks
    main = (
        '{"variable": {"x": {"type": "string", "default": "${true}"}, "n": {"type": "number", "default": "5"}},'
        ' "resource": {"terraform_data": {"probe": {"input": ["${var.x}", "${var.n + 1}"]}}}}'
    )
    out = load(tmp_path, {"main.tf.json": main})
    assert out.errors == []
    assert out.resources[0].attributes["input"] == ["${true}", 6]


def test_a_directory_is_read_as_opentofu_reads_it(tmp_path: Path) -> None:
    # https://opentofu.org/docs/language/files/#extension-precedence
    out = load(
        tmp_path,
        {
            "main.tf": GROUP.replace('"open"', '"shadowed"'),
            "main.tofu": GROUP,
            "extra.tofu.json": '{"resource": {"aws_s3_bucket": {"b": {"bucket": "b"}}}}',
            "net.tf.json": '{"resource": {"aws_vpc": {"v": {}}}}',
            "net.tofu.json": '{"resource": {"aws_vpc": {"w": {}}}}',
        },
    )
    assert out.errors == []
    assert sorted(r.address for r in out.resources) == ["aws_s3_bucket.b", "aws_security_group.open", "aws_vpc.w"]
    assert any("main.tf: not read" in n for n in out.notices)


def test_an_override_tofu_file_merges_as_an_override(tmp_path: Path) -> None:
    out = load(
        tmp_path, {"main.tf": GROUP, "override.tofu": 'resource "aws_security_group" "open" {\n  name = "x"\n}\n'}
    )
    assert out.errors == [] and out.resources[0].attributes["name"] == "x"
