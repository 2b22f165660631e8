"""Scans of named files, as the pre-commit hook runs them: what a change reaches through modules, on real
trees scanned by the real API."""

from __future__ import annotations

from pathlib import Path

from gate.api import ScanOptions, scan
from gate.model import RunResult, Status

SG = """variable "cidr" {}

resource "aws_security_group" "this" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}
"""
STACK = 'variable "cidr" {}\n\nmodule "sg" {\n  source = "../sg"\n  cidr   = var.cidr\n}\n'


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / ".git").mkdir()
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def failed(root: Path, *paths: str) -> list[tuple[str, str]]:
    run: RunResult = scan(ScanOptions(paths=[root / p for p in paths], cwd=root, stage="pre-commit", environ={}))
    return sorted((r.root, r.resource.address) for r in run.results if r.status is Status.FAILED)


def environments(tmp_path: Path) -> Path:
    call = 'module "stack" {\n  source = "../../modules/stack"\n  cidr   = "%s"\n}\n'
    return tree(
        tmp_path,
        {
            "modules/sg/main.tf": SG,
            "modules/stack/main.tf": STACK,
            "envs/prod/main.tf": call % "10.0.0.0/8",
            "envs/prod/outputs.tf": 'output "note" {\n  value = "prod"\n}\n',
            "envs/staging/main.tf": call % "0.0.0.0/0",
        },
    )


def test_a_changed_module_file_is_judged_in_every_root_that_reaches_it(tmp_path: Path) -> None:
    root = environments(tmp_path)
    assert failed(root, "modules/sg/main.tf") == [
        ("terraform:envs/staging", "module.stack.module.sg.aws_security_group.this")
    ]


def test_a_changed_caller_reports_what_it_passes_into_modules(tmp_path: Path) -> None:
    root = environments(tmp_path)
    assert failed(root, "envs/staging/main.tf") == [
        ("terraform:envs/staging", "module.stack.module.sg.aws_security_group.this")
    ]
    assert failed(root, "envs/prod/main.tf") == []


def test_a_change_that_reaches_no_resource_reports_none(tmp_path: Path) -> None:
    root = environments(tmp_path)
    (root / "envs/prod/main.tf").write_text((root / "envs/staging/main.tf").read_text())
    assert failed(root, "envs/prod/outputs.tf") == []
    assert failed(root, "envs/prod/main.tf") == [
        ("terraform:envs/prod", "module.stack.module.sg.aws_security_group.this")
    ]


def test_a_changed_file_that_terraform_reads_reports_the_resources_reading_it(tmp_path: Path) -> None:
    document = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
    root = tree(
        tmp_path,
        {
            "modules/iam/main.tf": 'resource "aws_iam_policy" "this" {\n  policy = file("${path.module}/deploy.json")\n}\n',
            "modules/iam/deploy.json": document,
            "envs/prod/main.tf": 'module "iam" {\n  source = "../../modules/iam"\n}\n',
            "envs/prod/unrelated.json": document,
        },
    )
    assert failed(root, "modules/iam/deploy.json") == [("terraform:envs/prod", "module.iam.aws_iam_policy.this")]
    assert failed(root, "envs/prod/unrelated.json") == []


def test_a_named_file_no_module_names_parses_no_module(tmp_path: Path) -> None:
    """Finding the roots that may read a named file (``file("policy.json")``) starts from the modules' text: when
    no module names the file, none is parsed (a plan or template named alone costs no parse of the whole tree);
    when one does, the module graph is read and its root found."""
    from gate.loaders.changed import roots_reaching
    from gate.loaders.terraform_files import ModuleSource, SourceCache

    root = tree(
        tmp_path,
        {
            "live/prod/main.tf": 'module "stack" {\n  source = "../../modules/stack"\n}\n',
            "modules/stack/main.tf": 'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/policy.json")\n}\n',
            "template.yaml": "Resources: {}\n",
            "modules/stack/policy.json": "{}\n",
        },
    )
    sources = SourceCache(1024 * 1024, None, root)
    parsed: list[Path] = []

    def parse(directory: Path) -> ModuleSource:
        parsed.append(directory)
        return sources.get(directory, lambda p: p.relative_to(root).as_posix())

    assert roots_reaching([], [root / "template.yaml"], root, parse) == set()
    assert parsed == []
    assert roots_reaching([], [root / "modules/stack/policy.json"], root, parse) == {(root / "live/prod").resolve()}
    assert parsed


def test_a_module_that_computes_the_name_of_the_file_it_reads_may_read_any_named_file(tmp_path: Path) -> None:
    from gate.loaders.changed import roots_reaching
    from gate.loaders.terraform_files import SourceCache

    root = tree(
        tmp_path,
        {
            "live/main.tf": 'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/p/${local.n}.json")\n}\n',
            "other/main.tf": 'resource "aws_iam_policy" "q" {\n  policy = file("${path.module}/fixed.json")\n}\n',
            "live/p/admin.json": "{}\n",
        },
    )
    sources = SourceCache(1024 * 1024, None, root)
    found = roots_reaching([], [root / "live/p/admin.json"], root, lambda d: sources.get(d, lambda p: p.name))
    assert found == {(root / "live").resolve()}  # not other/, whose file name is written out and is not this one
