"""Which files to read, and as what: Terraform root modules, and candidate JSON/YAML files whose content says
whether they are plans, templates, or not infrastructure code at all."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gate.errors import UsageError
from gate.loaders.terraform_files import is_terraform_file

SKIP_DIRS = {
    ".git",
    ".terraform",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
}
# Any case: CloudFormation does not care what a template file is called (AWS names .json, .yaml, .template and .txt
# as usual; ``aws cloudformation deploy --template-file stack.YAML`` works). A file named on the command line is
# read whatever its name.
DATA_SUFFIXES = (".json", ".yaml", ".yml", ".template", ".txt")


def is_data_file(name: str) -> bool:
    """A JSON/YAML candidate met while walking a folder (its content decides what it is)."""
    lowered = name.lower()
    return lowered.endswith(DATA_SUFFIXES) and not lowered.endswith(".tf.json")


# How many entries of skipped folders are looked at for Terraform files (node_modules can hold a million).
SKIPPED_SEARCH_BUDGET = 20_000
_SHOWN_SKIPPED = 5


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
    named_files: set[Path] = field(default_factory=set)  # data files given on the command line
    skipped_links: list[Path] = field(default_factory=list)
    skipped_roots: dict[Path, list[Path]] = field(default_factory=dict)  # skipped folder -> Terraform folders in it
    unsearched: list[Path] = field(default_factory=list)  # skipped folders too large to search whole

    def skipped_notices(self, display: Callable[[Path], str]) -> list[str]:
        """A notice for each skipped folder that holds Terraform files: a root module there is not judged."""
        notices = []
        for folder, roots in sorted(self.skipped_roots.items()):
            shown = [display(root) for root in roots[:_SHOWN_SKIPPED]]
            more = f" and {len(roots) - _SHOWN_SKIPPED} more" if len(roots) > _SHOWN_SKIPPED else ""
            notices.append(
                f"{display(folder)}: Terraform files in a folder the gate skips ({folder.name}) are not "
                f"scanned: {', '.join(shown)}{more} (name a folder on the command line to scan it)"
            )
        notices.extend(
            f"{display(folder)}: a folder the gate skips, too large to search for Terraform files"
            for folder in self.unsearched
        )
        return notices

    def add_terraform_file(self, path: Path) -> None:
        directory = path.parent
        if directory in self.terraform_dirs and self.terraform_dirs[directory] is None:
            return
        self.terraform_dirs.setdefault(directory, [])
        files = self.terraform_dirs[directory]
        assert files is not None
        if path not in files:
            files.append(path)


def discover(paths: list[Path], search_skipped: bool = True) -> Inputs:
    """Walk ``paths`` (files or directories). Symbolic links met on the way are not followed (a link could
    lead out of the repository, or round in a loop); paths named explicitly are read as given.
    ``search_skipped``: look into the folders the walk skips for Terraform to name in a notice (a scan does;
    a search for the roots that call a changed module does not need to)."""
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
            else:  # named on the command line: read by content, never ignored
                inputs.data_files.append(path)
                inputs.named_files.add(path)
            continue
        for directory, dirnames, filenames in os.walk(path, followlinks=False):
            here = Path(directory)
            links = [d for d in dirnames if (here / d).is_symlink()]
            inputs.skipped_links.extend(here / d for d in links)
            for skipped in sorted(
                d for d in dirnames if search_skipped and d in SKIP_DIRS and d != ".git" and d not in links
            ):
                _search_skipped(here / skipped, inputs)
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and d not in links)
            names = []
            linked_terraform = False  # a linked .tf is read with its module, which checks where it leads
            for name in sorted(filenames):
                if (here / name).is_symlink():
                    if is_terraform_file(here / name):
                        linked_terraform = True
                    elif is_data_file(name):
                        inputs.skipped_links.append(here / name)
                else:
                    names.append(name)
            if linked_terraform or any(is_terraform_file(here / n) for n in names):
                inputs.terraform_dirs[here] = None
            inputs.data_files.extend(here / n for n in names if is_data_file(n) and not is_terraform_file(here / n))
    inputs.data_files = sorted(dict.fromkeys(inputs.data_files))
    return inputs


def _search_skipped(folder: Path, inputs: Inputs) -> None:
    """Note the folders under ``folder`` (skipped by the walk) that hold Terraform files, within a budget."""
    found: list[Path] = []
    seen = 0
    for directory, dirnames, filenames in os.walk(folder, followlinks=False):
        seen += len(dirnames) + len(filenames)
        if seen > SKIPPED_SEARCH_BUDGET:
            inputs.unsearched.append(folder)
            break
        here = Path(directory)
        dirnames[:] = [d for d in dirnames if not (here / d).is_symlink()]
        if any(is_terraform_file(here / name) for name in filenames):
            found.append(here)
    if found:
        inputs.skipped_roots[folder] = sorted(found)
