"""Folders the walk skips (virtual environments, node_modules, .terraform...) are not scanned, but a root module
hidden there is said: a pull request could put the configuration it deploys under ``venv/``."""

from __future__ import annotations

from pathlib import Path

import gate.loaders.discovery as discovery
from gate.api import ScanOptions, scan

OPEN_SSH = (
    'resource "aws_security_group" "web" {\n  ingress {\n    from_port = 22\n    to_port = 22\n'
    '    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
)


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / ".git").mkdir(exist_ok=True)
    return root


def test_root_modules_in_skipped_folders_are_listed_in_a_notice(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "app/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
            "venv/prod/main.tf": OPEN_SSH,
            "node_modules/pkg/infra/main.tf": OPEN_SSH,
            "node_modules/pkg/index.js": "",
            ".terraform/modules/vpc/main.tf": OPEN_SSH,
            ".git/hooks/x.tf": OPEN_SSH,
        },
    )
    run = scan(ScanOptions(cwd=root, environ={}, parse_cache=False))
    assert {r.location.file for r in run.results} == {"app/main.tf"}
    skipped = [n for n in run.notices if "a folder the gate skips" in n]
    assert skipped == [
        ".terraform: Terraform files in a folder the gate skips (.terraform) are not scanned: .terraform/modules/vpc "
        "(name a folder on the command line to scan it)",
        "node_modules: Terraform files in a folder the gate skips (node_modules) are not scanned: "
        "node_modules/pkg/infra (name a folder on the command line to scan it)",
        "venv: Terraform files in a folder the gate skips (venv) are not scanned: venv/prod (name a folder on the "
        "command line to scan it)",
    ]
    # Named on the command line, the folder is scanned, and blocks.
    named = scan(ScanOptions(paths=[root / "venv" / "prod"], cwd=root, environ={}, parse_cache=False))
    assert not named.passed and {r.location.file for r in named.results} == {"venv/prod/main.tf"}


def test_a_skipped_folder_too_large_to_search_is_said_too(tmp_path: Path, monkeypatch: object) -> None:
    root = tree(tmp_path, {"main.tf": "", **{f"node_modules/p{i}/index.js": "" for i in range(12)}})
    monkeypatch.setattr(discovery, "SKIPPED_SEARCH_BUDGET", 10)  # type: ignore[attr-defined]
    inputs = discovery.discover([root])
    assert inputs.unsearched == [root / "node_modules"]
    assert inputs.skipped_notices(lambda p: p.relative_to(root).as_posix()) == [
        "node_modules: a folder the gate skips, too large to search for Terraform files"
    ]
