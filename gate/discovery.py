"""Which files to read, and as what: Terraform root modules, and candidate JSON/YAML files whose content says
whether they are plans, templates, or not infrastructure code at all."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gate.errors import UsageError
from gate.loaders.terraform_files import is_terraform_file

SKIP_DIRS = {".git", ".terraform", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"}
DATA_SUFFIXES = (".json", ".yaml", ".yml", ".template")


def scan_root(cwd: Path) -> Path:
    """The git top level when ``cwd`` is inside a repository, else ``cwd``."""
    current = cwd.resolve()
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return candidate
    return current


@dataclass
class Inputs:
    """What a scan reads: Terraform module directories (with the files asked for, when only some were) and
    data files to classify by content."""

    terraform_dirs: dict[Path, list[Path] | None] = field(default_factory=dict)
    data_files: list[Path] = field(default_factory=list)
    skipped_links: list[Path] = field(default_factory=list)

    def add_terraform_file(self, path: Path) -> None:
        directory = path.parent
        if directory in self.terraform_dirs and self.terraform_dirs[directory] is None:
            return
        self.terraform_dirs.setdefault(directory, [])
        files = self.terraform_dirs[directory]
        assert files is not None
        if path not in files:
            files.append(path)


def discover(paths: list[Path]) -> Inputs:
    """Walk ``paths`` (files or directories). Symbolic links met on the way are not followed (a link could
    lead out of the repository, or round in a loop); paths named explicitly are read as given."""
    inputs = Inputs()
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
        path = path.resolve() if not path.is_symlink() else path.absolute()
        if path.is_file():
            if is_terraform_file(path):
                inputs.add_terraform_file(path)
            elif path.name.endswith((".tfvars", ".tfvars.json")):
                # A changed variables file changes what its whole module evaluates to.
                inputs.terraform_dirs[path.parent] = None
            elif path.name.endswith(DATA_SUFFIXES):
                inputs.data_files.append(path)
            continue
        for directory, dirnames, filenames in os.walk(path, followlinks=False):
            here = Path(directory)
            links = [d for d in dirnames if (here / d).is_symlink()]
            inputs.skipped_links.extend(here / d for d in links)
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and d not in links)
            names = []
            linked_terraform = False  # a linked .tf is read with its module, which checks where it leads
            for name in sorted(filenames):
                if (here / name).is_symlink():
                    if is_terraform_file(here / name):
                        linked_terraform = True
                    elif name.endswith(DATA_SUFFIXES):
                        inputs.skipped_links.append(here / name)
                else:
                    names.append(name)
            if linked_terraform or any(is_terraform_file(here / n) for n in names):
                inputs.terraform_dirs[here] = None
            inputs.data_files.extend(here / n for n in names if n.endswith(DATA_SUFFIXES) and not n.endswith(".tf.json"))
    inputs.data_files = sorted(dict.fromkeys(inputs.data_files))
    return inputs
