"""Bounded work: past a limit a root is an error result naming file and line, reports are still written, and
the process stays within a gigabyte of memory whatever the tree asks for."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from gate.loaders import hcl_functions, terraform_limits
from gate.loaders.terraform_loader import load_terraform
from gate.model import Resource
from gate.values import Unknown


def load(directory: Path) -> tuple[dict[str, Resource], list[str]]:
    root = directory.resolve()
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})
    return {r.address: r for r in out.resources}, [str(e) for e in out.errors]


def test_count_over_the_limit_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_ebs_volume" "v" {\n  size  = 1\n  count = 1000000000\n}\n')
    resources, errors = load(tmp_path)
    assert resources == {}
    assert errors == [
        "main.tf:3: count of aws_ebs_volume.v asks for 1,000,000,000 instances, over the limit of 10,000: "
        "this root is not evaluated (fail closed)"
    ]


def test_for_each_over_the_limit_names_the_module_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terraform_limits, "MAX_INSTANCES_PER_BLOCK", 3)
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text('resource "aws_ebs_volume" "v" {\n  size = 1\n}\n')
    (tmp_path / "main.tf").write_text(
        'module "m" {\n  source   = "./mod"\n  for_each = toset(["a", "b", "c", "d"])\n}\n'
    )
    _, errors = load(tmp_path)
    assert errors == [
        "main.tf:3: for_each of module.m asks for 4 instances, over the limit of 3: this root is not evaluated (fail closed)"
    ]


def test_module_recursion_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'module "again" {\n  source = "./"\n}\nresource "aws_ebs_volume" "v" {\n  size = 1\n}\n'
    )
    _, errors = load(tmp_path)
    assert errors == ["main.tf:1: module.again nests deeper than 16 levels: this root is not evaluated (fail closed)"]


def test_instances_of_a_root_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terraform_limits, "MAX_INSTANCES_PER_ROOT", 100)
    (tmp_path / "main.tf").write_text(
        'module "again" {\n  source = "./"\n  count  = 10\n}\nresource "aws_ebs_volume" "v" {\n  size = 1\n}\n'
    )
    _, errors = load(tmp_path)
    assert len(errors) == 1 and "more than 100 resource and module instances in one root" in errors[0]
    assert errors[0].startswith("main.tf:1: ")


def test_evaluation_steps_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terraform_limits, "MAX_EVALUATION_STEPS", 1000)
    (tmp_path / "main.tf").write_text(
        "locals {\n  grid = [for i in range(40) : [for j in range(40) : j]]\n}\n"
        'resource "null_resource" "r" {\n  n = length(local.grid)\n}\n'
    )
    _, errors = load(tmp_path)
    assert errors == [
        "main.tf:2: more than 1,000 steps of evaluation in one root: this root is not evaluated (fail closed)"
    ]


def test_a_function_limit_is_an_error_not_an_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The functions raise ``LimitExceeded`` (a FunctionError) for strings or ranges too large: even inside
    ``try()`` it is an error of the root, never an unknown or a fallback value."""

    def too_large(*_: object) -> object:
        raise hcl_functions.LimitExceeded("strrev: the result would exceed 1,000,000 characters")

    monkeypatch.setitem(hcl_functions.FUNCTIONS, "strrev", too_large)
    (tmp_path / "main.tf").write_text('resource "null_resource" "r" {\n  x = try(strrev("a"), "fallback")\n}\n')
    resources, errors = load(tmp_path)
    assert resources == {}
    assert errors == [
        "main.tf:1: strrev: the result would exceed 1,000,000 characters: this root is not evaluated (fail closed)"
    ]


def test_unknown_for_each_elements_keep_their_instance(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "s" {\n  for_each = toset(["a", aws_vpc.v.id])\n  vpc_id = each.key\n  open = true\n}\n'
        'variable "n" {}\nresource "aws_eip" "e" {\n  count = var.n\n  index = count.index\n}\n'
        'resource "aws_eip" "bad" {\n  count = -1\n}\n'
    )
    resources, errors = load(tmp_path)
    assert errors == []
    assert sorted(resources) == ["aws_eip.bad", "aws_eip.e", "aws_subnet.s", 'aws_subnet.s["a"]', "aws_vpc.v"]
    assert resources['aws_subnet.s["a"]'].attributes["vpc_id"] == "a"
    assert isinstance(resources["aws_subnet.s"].attributes["vpc_id"], Unknown)
    assert resources["aws_subnet.s"].attributes["open"] is True
    assert isinstance(resources["aws_eip.e"].attributes["index"], Unknown)


HOSTILE = {
    "count/main.tf": 'resource "aws_ebs_volume" "v" {\n  size  = 1\n  count = 1000000000\n}\n',
    # range() makes at most 1024 values, in Terraform too: larger collections are built from several
    "for_each/main.tf": 'resource "aws_ebs_volume" "v" {\n  size     = 1\n'
    '  for_each = toset(flatten([for a in range(100) : [for b in range(200) : "${a}-${b}"]]))\n'
    "  tags     = { all = [for a in range(1000) : [for b in range(1000) : b]] }\n}\n",
    "grid/main.tf": "locals {\n  g = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n}\n"
    'resource "null_resource" "r" {\n  n = length(local.g)\n}\n',
    "recursion/main.tf": 'module "again" {\n  source = "./"\n  count  = 3\n}\nresource "aws_ebs_volume" "v" {\n  size = 1\n}\n',
    "doubling/main.tf": 'locals {\n  s0 = "'
    + "x" * 100
    + '"\n'
    + "".join(f'  s{i} = "${{local.s{i - 1}}}${{local.s{i - 1}}}"\n' for i in range(1, 40))
    + '}\nresource "null_resource" "r" {\n  n = length(local.s39)\n}\n',
    "repeat/main.tf": 'locals {\n  kb = join("", [for i in range(1024) : "xxxx"])\n'
    '  many = [for i in range(1000) : [for j in range(90) : "${local.kb}${i}${j}"]]\n}\n'
    'resource "null_resource" "r" {\n  n = length(local.many)\n}\n',
    "fine/main.tf": 'resource "aws_ebs_volume" "ok" {\n  availability_zone = "eu-west-1a"\n  size = 1\n  encrypted = true\n}\n',
}


def _one_gigabyte() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_hostile_expansion_stays_under_a_gigabyte_and_every_report_is_written(tmp_path: Path) -> None:
    """The real command, its address space capped at 1 GiB: each hostile root is an error result, the sound one
    is still judged, and the reports are written (a MemoryError would be an internal error, exit 2)."""
    tree = tmp_path / "tree"
    for name, text in HOSTILE.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text)
    (tree / ".git").mkdir()
    report = tmp_path / "gate.json"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gate",
            "scan",
            "--stage",
            "pr",
            "--no-cache",
            "--report",
            f"json={report}",
            "--report",
            f"sarif={tmp_path / 'gate.sarif'}",
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_one_gigabyte,
    )
    assert done.returncode == 1, done.stderr
    run = json.loads(report.read_text(encoding="utf-8"))
    assert sorted(e["file"] for e in run["errors"]) == [
        "count/main.tf",
        "doubling/main.tf",
        "for_each/main.tf",
        "grid/main.tf",
        "recursion/main.tf",
        "repeat/main.tf",
    ]
    assert any(r["resource"]["address"] == "aws_ebs_volume.ok" for r in run["results"])
    assert (tmp_path / "gate.sarif").stat().st_size > 0


def test_a_configuration_file_too_large_to_parse_in_bounded_memory_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terraform_limits, "MAX_HCL_BYTES", 100)
    (tmp_path / "main.tf").write_text('resource "aws_ebs_volume" "v" {\n  size = 1\n}\n' + "# padding\n" * 10)
    (tmp_path / "small.tf").write_text('resource "aws_ebs_volume" "w" {\n  size = 1\n}\n')
    resources, errors = load(tmp_path)
    assert list(resources) == ["aws_ebs_volume.w"]
    assert errors == ["main.tf: 145 bytes of Terraform configuration, over the parser's limit of 100: not read"]


def test_large_strings_built_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terraform_limits, "MAX_BUILT_CHARACTERS", 100_000)
    (tmp_path / "main.tf").write_text(
        'locals {\n  kb = join("", [for i in range(1000) : "xxxxx"])\n  small = [for i in range(50) : "${i}"]\n'
        '  many = [for i in range(50) : "${local.kb}${i}"]\n}\n'
        'resource "null_resource" "r" {\n  n = length(local.small)\n  m = length(local.many)\n}\n'
    )
    _, errors = load(tmp_path)
    assert errors == [
        "main.tf:4: more than 100,000 characters of strings built in one root: this root is not evaluated (fail closed)"
    ]
