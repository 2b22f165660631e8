"""Every resource block in the tree is judged at least once: which directories are roots, on real trees."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.inputs import Display, load_inputs
from gate.options import ScanOptions

# A module with no input of its own: every variable is required, so its callers' evaluations judge it.
GROUP = 'variable "cidr" {}\nresource "aws_security_group" "g" {\n  name = var.cidr\n}\n'
# A module with a default of its own: deployed with it by whoever does not set it.
DEFAULTED = 'variable "cidr" {\n  default = "0.0.0.0/0"\n}\nresource "aws_security_group" "g" {\n  name = var.cidr\n}\n'


def addresses(root: Path, *paths: str) -> dict[str, list[str]]:
    """{scope: addresses} of a scan of ``paths`` (default: the whole tree)."""
    options = ScanOptions(paths=[root / p for p in paths], cwd=root, parse_cache=False, environ={})
    loaded = load_inputs(options, Display(root))
    assert loaded.errors == []
    found: dict[str, list[str]] = {}
    for resource in loaded.resources:
        found.setdefault(resource.scope, []).append(resource.address)
    return found


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(parents=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_a_module_called_and_instantiated_is_judged_through_its_call_only(tmp_path: Path) -> None:
    root = write(tmp_path, {"env/main.tf": 'module "m" {\n  source = "../mod"\n}\n', "mod/main.tf": GROUP})
    assert addresses(root) == {"terraform:env": ["module.m.aws_security_group.g"]}


def test_a_module_no_call_instantiates_is_its_own_root(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "env/main.tf": 'module "m" {\n  source = "../mod"\n  count  = 0\n}\nmodule "n" {\n  source   = "../mod2"\n'
            "  for_each = {}\n}\n",
            "mod/main.tf": GROUP,
            "mod2/main.tf": GROUP,
        },
    )
    assert addresses(root) == {"terraform:mod": ["aws_security_group.g"], "terraform:mod2": ["aws_security_group.g"]}


def test_a_chain_of_uncalled_callers_is_judged_from_its_top(tmp_path: Path) -> None:
    # top calls mid with count = 0; mid calls leaf: mid is judged as a root, and leaf through mid's call.
    root = write(
        tmp_path,
        {
            "top/main.tf": 'module "mid" {\n  source = "../mid"\n  count  = 0\n}\n',
            "mid/main.tf": 'module "leaf" {\n  source = "../leaf"\n}\n',
            "leaf/main.tf": GROUP,
        },
    )
    assert addresses(root) == {"terraform:mid": ["module.leaf.aws_security_group.g"]}


def test_modules_that_call_each_other_are_still_judged(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a/main.tf": 'module "b" {\n  source = "../b"\n  count  = 0\n}\n' + GROUP,
            "b/main.tf": 'module "a" {\n  source = "../a"\n  count  = 0\n}\n',
        },
    )
    assert addresses(root) == {"terraform:a": ["aws_security_group.g"]}


def test_a_caller_outside_the_scanned_paths_does_not_hide_a_module(tmp_path: Path) -> None:
    root = write(tmp_path, {"env/main.tf": 'module "m" {\n  source = "../mod"\n}\n', "mod/main.tf": GROUP})
    assert addresses(root, "mod") == {"terraform:mod": ["aws_security_group.g"]}


def test_a_directory_with_a_backend_or_a_provider_is_a_root_even_when_called(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "env/main.tf": 'module "a" {\n  source = "../a"\n}\nmodule "b" {\n  source = "../b"\n}\n',
            "a/main.tf": 'terraform {\n  backend "s3" {}\n}\n' + GROUP,
            "b/main.tf.json": '{"provider": {"aws": {"region": "eu-west-1"}}, "resource": {"aws_s3_bucket": {"x": {}}}}',
        },
    )
    assert addresses(root) == {
        "terraform:a": ["aws_security_group.g"],
        "terraform:b": ["aws_s3_bucket.x"],
        "terraform:env": ["module.a.aws_security_group.g", "module.b.aws_s3_bucket.x"],
    }


def test_a_module_linked_out_of_the_tree_is_an_error(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "main.tf").write_text(GROUP)
    root = write(tmp_path / "repo", {"env/main.tf": 'module "m" {\n  source = "../mod"\n}\n'})
    (root / "mod").symlink_to(outside)
    options = ScanOptions(paths=[root], cwd=root, parse_cache=False, environ={})
    loaded = load_inputs(options, Display(root))
    assert loaded.resources == []
    assert [str(e) for e in loaded.errors] == [
        "env/main.tf:1: module.m source ../mod is a symbolic link out of the scanned tree: not read (fail closed)"
    ]


def test_variables_files_and_fetched_modules_never_lead_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tfvars").write_text('cidr = "10.0.0.0/8"\n')
    (outside / "main.tf").write_text(DEFAULTED)
    root = write(
        tmp_path / "repo",
        {
            "main.tf": DEFAULTED + 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
            ".terraform/modules/modules.json": '{"Modules": [{"Key": "vpc", "Dir": "../outside"}]}',
        },
    )
    (root / "terraform.tfvars").symlink_to(outside / "secret.tfvars")
    options = ScanOptions(paths=[root], cwd=root, parse_cache=False, environ={})
    loaded = load_inputs(options, Display(root))
    assert [r.address for r in loaded.resources] == ["aws_security_group.g"]
    assert loaded.resources[0].attributes["name"] == "0.0.0.0/0"  # the default: the linked file is not read
    assert sorted(str(e) for e in loaded.errors) == [
        "main.tf:7: module.vpc: .terraform/modules/modules.json places it out of the scanned tree: not read (fail closed)",
        "terraform.tfvars: symbolic link out of the scanned tree: not read (fail closed)",
    ]


def test_a_called_module_with_defaults_is_also_judged_with_its_defaults(tmp_path: Path) -> None:
    # examples/ calling the module with safe inputs says nothing of the deployments that keep its defaults:
    # https://developer.hashicorp.com/terraform/language/modules#the-root-module
    root = write(
        tmp_path,
        {
            "examples/web/main.tf": 'module "m" {\n  source = "../../mod"\n  cidr = "10.0.0.0/8"\n}\n',
            "mod/main.tf": DEFAULTED,
        },
    )
    assert addresses(root) == {
        "terraform:examples/web": ["module.m.aws_security_group.g"],
        "terraform:mod": ["aws_security_group.g"],
    }


def test_a_called_module_with_a_tfvars_file_is_also_its_own_root(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "env/main.tf": 'module "m" {\n  source = "../mod"\n  cidr = "10.0.0.0/8"\n}\n',
            "mod/main.tf": GROUP,
            "mod/terraform.tfvars": 'cidr = "0.0.0.0/0"\n',
        },
    )
    assert addresses(root) == {
        "terraform:env": ["module.m.aws_security_group.g"],
        "terraform:mod": ["aws_security_group.g"],
    }
