"""What a module sees of its variables: ``nullable``, ``type`` conversions, and the names the files do not know
(``terraform.workspace``, ``path.cwd``), on real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gate.loaders.terraform_loader import load_terraform
from gate.values import Origin, Unknown


def attributes(tmp_path: Path, files: dict[str, str], environ: dict[str, str] | None = None) -> dict[str, Any]:
    """{address: attributes} of the root in ``tmp_path``."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    root = tmp_path.resolve()
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ=environ or {})
    assert out.errors == []
    return {r.address: r.attributes for r in out.resources}


MODULE = """variable "cidr" {
  type     = string
  default  = "0.0.0.0/0"
  nullable = %s
}
resource "terraform_data" "probe" {
  input = var.cidr
}
"""


@pytest.mark.parametrize(("nullable", "expected"), [("false", "0.0.0.0/0"), ("true", None)])
def test_a_null_input_of_a_non_nullable_variable_is_its_default(tmp_path: Path, nullable: str, expected: Any) -> None:
    # https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values
    found = attributes(
        tmp_path, {"main.tf": 'module "m" {\n  source = "./m"\n  cidr = null\n}\n', "m/main.tf": MODULE % nullable}
    )
    assert found["module.m.terraform_data.probe"]["input"] == expected


def test_a_null_input_of_a_non_nullable_variable_without_default_is_a_gap(tmp_path: Path) -> None:
    module = 'variable "cidr" {\n  nullable = false\n}\nresource "terraform_data" "probe" {\n  input = var.cidr\n}\n'
    found = attributes(tmp_path, {"main.tf": 'module "m" {\n  source = "./m"\n  cidr = null\n}\n', "m/main.tf": module})
    probe = found["module.m.terraform_data.probe"]["input"]
    assert isinstance(probe, Unknown) and probe.origin is Origin.GAP


TYPED = """variable "x" {
  type    = %s
  default = %s
}
resource "terraform_data" "probe" {
  input = var.x
}
"""


@pytest.mark.parametrize(
    ("type_expr", "default", "expected"),
    [
        ("number", '"5"', 5),
        ("string", "5", "5"),
        ("string", "true", "true"),
        ("bool", '"false"', False),
        ("set(string)", '["b", "a", "b"]', ["a", "b"]),
        ("list(number)", '["1", 2]', [1, 2]),
        ("map(string)", "{a = 1}", {"a": "1"}),
        (
            'object({cidr = optional(string, "0.0.0.0/0"), port = number})',
            "{port = 22, extra = 1}",
            {"cidr": "0.0.0.0/0", "port": 22},
        ),
        ("object({cidr = optional(string)})", "{}", {"cidr": None}),
        (
            'list(object({cidr = optional(list(string), ["0.0.0.0/0"])}))',
            "[{}, {cidr = null}]",
            [{"cidr": ["0.0.0.0/0"]}, {"cidr": ["0.0.0.0/0"]}],
        ),
        ("any", '"5"', "5"),
        ("list", '["a", 1]', ["a", 1]),
        ("map", "{a = 1}", {"a": 1}),
    ],
)
def test_a_value_is_converted_to_the_variables_type(
    tmp_path: Path, type_expr: str, default: str, expected: Any
) -> None:
    # https://developer.hashicorp.com/terraform/language/expressions/type-constraints
    assert attributes(tmp_path, {"main.tf": TYPED % (type_expr, default)})["terraform_data.probe"]["input"] == expected


def test_a_set_typed_variable_iterates_as_a_set(tmp_path: Path) -> None:
    main = TYPED % ("set(string)", '["0.0.0.0/0"]') + 'output "o" {\n  value = 1\n}\n'
    main = main.replace("input = var.x", "input = [for k, v in var.x : k]")
    assert attributes(tmp_path, {"main.tf": main})["terraform_data.probe"]["input"] == ["0.0.0.0/0"]


@pytest.mark.parametrize(
    ("type_expr", "default"),
    [
        ("number", '"five"'),
        ("bool", "1"),
        ("object({port = number})", "{}"),
        ("string", "[1]"),
    ],
)
def test_a_value_that_does_not_convert_is_a_gap(tmp_path: Path, type_expr: str, default: str) -> None:
    probe = attributes(tmp_path, {"main.tf": TYPED % (type_expr, default)})["terraform_data.probe"]["input"]
    assert isinstance(probe, Unknown) and probe.origin is Origin.GAP


def test_a_tfvars_value_and_an_environment_value_are_converted_too(tmp_path: Path) -> None:
    main = TYPED % ("number", "1")
    assert attributes(tmp_path, {"main.tf": main}, {"TF_VAR_x": "0"})["terraform_data.probe"]["input"] == 0
    assert (
        attributes(tmp_path, {"main.tf": main, "terraform.tfvars": 'x = "7"\n'})["terraform_data.probe"]["input"] == 7
    )


WHERE = 'resource "terraform_data" "probe" {\n  input = [terraform.workspace, path.cwd, path.root]\n}\n'


def test_the_workspace_and_the_working_directory_are_never_assumed(tmp_path: Path) -> None:
    # https://developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info
    workspace, cwd, root = attributes(tmp_path, {"main.tf": WHERE})["terraform_data.probe"]["input"]
    assert isinstance(workspace, Unknown) and workspace.origin is Origin.DEPLOY
    assert isinstance(cwd, Unknown) and cwd.origin is Origin.DEPLOY
    assert root == "."


def test_the_workspace_is_the_one_the_pipeline_selects_with_tf_workspace(tmp_path: Path) -> None:
    # https://developer.hashicorp.com/terraform/cli/config/environment-variables#tf_workspace
    found = attributes(tmp_path, {"main.tf": WHERE}, {"TF_WORKSPACE": "prod"})
    assert found["terraform_data.probe"]["input"][0] == "prod"
