"""Override files merge into the module by Terraform's rules, on real files.
https://developer.hashicorp.com/terraform/language/files/override"""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.loaders.terraform_loader import load_terraform
from gate.loaders.terraform_override import is_override_file
from gate.model import Resource

GROUP = """resource "aws_security_group" "g" {
  name        = "base"
  description = "kept"
  count       = 1
  ingress {
    from_port   = 22
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    from_port   = 0
    cidr_blocks = ["10.0.0.0/8"]
  }
  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags]
  }
}
"""


def load(directory: Path) -> tuple[dict[str, Resource], list[str]]:
    root = directory.resolve()
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})
    return {r.address: r for r in out.resources}, [str(e) for e in out.errors]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("override.tf", True),
        ("sg_override.tf", True),
        ("x_override.tf.json", True),
        ("override.tf.json", True),
        ("overrides.tf", False),
        ("my-override.tf", False),
        ("override_main.tf", False),
        ("override.tfvars", False),
    ],
)
def test_which_files_are_override_files(name: str, expected: bool) -> None:
    assert is_override_file(name) is expected


def test_arguments_replace_and_nested_blocks_replace_every_block_of_their_type(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(GROUP)
    (tmp_path / "override.tf").write_text(
        'resource "aws_security_group" "g" {\n  name  = "over"\n  count = 2\n'
        '  ingress {\n    from_port   = 3389\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
    )
    resources, errors = load(tmp_path)
    assert errors == []
    assert sorted(resources) == ["aws_security_group.g[0]", "aws_security_group.g[1]"]  # count replaced
    group = resources["aws_security_group.g[0]"]
    assert group.attributes["name"] == "over" and group.attributes["description"] == "kept"
    assert [r["from_port"] for r in group.attributes["ingress"]] == [3389]  # both base ingress blocks replaced
    assert [r["from_port"] for r in group.attributes["egress"]] == [0]  # a type the override lacks stays
    assert group.location.file == "main.tf" and group.location.start_line == 1  # the block Terraform declares


def test_a_dynamic_block_overrides_its_type_and_is_overridden_by_it(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(GROUP)
    (tmp_path / "a_override.tf").write_text(
        'resource "aws_security_group" "g" {\n  dynamic "ingress" {\n    for_each = [1, 2, 3]\n'
        '    content {\n      from_port   = ingress.value\n      cidr_blocks = ["0.0.0.0/0"]\n    }\n  }\n}\n'
    )
    (tmp_path / "b_override.tf").write_text(
        'resource "aws_security_group" "g" {\n  egress {\n    from_port = 1\n  }\n}\n'
    )
    resources, errors = load(tmp_path)
    assert errors == []
    group = resources["aws_security_group.g[0]"]
    assert [r["from_port"] for r in group.attributes["ingress"]] == [1, 2, 3]
    assert [r["from_port"] for r in group.attributes["egress"]] == [1]  # overrides compound, in name order


def test_lifecycle_merges_argument_by_argument() -> None:
    from gate.loaders.hcl_parse import parse_body
    from gate.loaders.terraform_override import merge_block

    base = parse_body(GROUP, "main.tf").blocks[0]
    over = parse_body(
        'resource "aws_security_group" "g" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n', "o.tf"
    )
    merged = merge_block(base, over.blocks[0])
    [lifecycle] = [b for b in merged.body.blocks if b.type == "lifecycle"]
    assert sorted(lifecycle.body.attributes) == ["create_before_destroy", "ignore_changes", "prevent_destroy"]


def test_locals_variables_outputs_and_modules_merge(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'locals {\n  a = "base"\n  b = "kept"\n}\nvariable "v" {\n  type    = string\n  default = "base"\n}\n'
        'resource "null_resource" "r" {\n  a = local.a\n  b = local.b\n  v = var.v\n}\n'
    )
    (tmp_path / "override.tf.json").write_text('{"locals": {"a": "over"}, "variable": {"v": {"default": "json"}}}')
    resources, errors = load(tmp_path)
    assert errors == []
    assert {k: resources["null_resource.r"].attributes[k] for k in "abv"} == {"a": "over", "b": "kept", "v": "json"}


def test_an_override_with_nothing_to_override_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text("locals {\n  a = 1\n}\n")
    (tmp_path / "x_override.tf").write_text(
        'resource "aws_security_group" "new" {\n  name = "x"\n}\nlocals {\n  b = 2\n}\n'
    )
    resources, errors = load(tmp_path)
    assert resources == {}
    assert errors == [
        "x_override.tf:1: there is no resource aws_security_group.new to override in the module's other files",
        "x_override.tf:5: there is no local.b to override in the module's other files",
    ]


def test_override_files_come_after_every_other_file(tmp_path: Path) -> None:
    (tmp_path / "0_override.tf").write_text('locals {\n  cidr = "0.0.0.0/0"\n}\n')
    (tmp_path / "main.tf").write_text(
        'locals {\n  cidr = "10.0.0.0/8"\n}\nresource "null_resource" "r" {\n  c = local.cidr\n}\n'
    )
    resources, errors = load(tmp_path)
    assert errors == [] and resources["null_resource.r"].attributes["c"] == "0.0.0.0/0"


def test_declaring_a_name_twice_in_ordinary_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.tf").write_text('locals {\n  x = 1\n}\nvariable "v" {}\noutput "o" {\n  value = 1\n}\n')
    (tmp_path / "b.tf").write_text('locals {\n  x = 2\n}\nvariable "v" {}\noutput "o" {\n  value = 2\n}\n')
    _, errors = load(tmp_path)
    assert errors == [
        "b.tf:2: local.x is declared twice (first at a.tf:2)",
        "b.tf:4: variable v is declared twice (first at a.tf:4)",
        "b.tf:5: output o is declared twice (first at a.tf:5)",
    ]
