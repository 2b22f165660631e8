"""Where the files that can weaken the gate are read from: configuration, waivers, the baseline and custom
policy folders (docs/security.md).

Without a base ref they are read where they are. With ``--base-ref REF``, every one of them that lies inside the
scan root is read as commit REF holds it (``gate.gitref``), copied into a private folder for the run, so a pull
request's edits to them apply only after review and merge; the run says which of them the change edits.
Files outside the scan root (``--config FILE`` given by the pipeline) are read where they are.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gate.errors import UsageError
from gate.gitref import GitRef


def inside(root: Path, path: Path) -> str | None:
    """``path`` relative to ``root`` (with ``/``) when it lies inside it, else None. Neither is resolved
    through links: a link in the tree must not decide where a trusted file comes from."""
    normal = Path(os.path.normpath(path if path.is_absolute() else Path.cwd() / path))
    try:
        relative = normal.relative_to(root)
    except ValueError:
        return None
    return relative.as_posix() if relative.parts else "."


def outside_tree(root: Path, path: Path) -> bool:
    """Whether ``path`` lies outside the scan root, both as written and once resolved through links."""
    return inside(root, path) is None and inside(root, path.resolve()) is None


@dataclass
class TrustedFiles:
    """The scan root's trusted files, read from the tree or, with a base ref, from that commit."""

    root: Path
    ref: GitRef | None = None
    snapshot: Path | None = None
    edited: list[str] = field(default_factory=list)
    _located: set[str] = field(default_factory=set)

    def locate(self, path: Path) -> Path:
        """Where to read the file or folder configured at ``path``: itself, or, with a base ref and inside the
        scan root, its copy as the base commit holds it (absent when the commit has none)."""
        relative = inside(self.root, path) if self.ref is not None else None
        if relative is None and self.ref is not None and inside(self.root, path.resolve()) is not None:
            # named through a link that leads into the tree: the tree's copy would be read, not the base's
            raise UsageError(
                f"{path}: leads into the scanned tree through a link; with --base-ref name it by its "
                "path inside the repository, so that it is read as the base of the change holds it"
            )
        if self.ref is None or self.snapshot is None or relative is None:
            return path
        target = self.snapshot / relative
        if relative not in self._located:
            self._located.add(relative)
            committed = self.ref.files(relative)
            for name, data in committed.items():
                copy = self.snapshot / name
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(data)
            if not _same(relative, committed, _tree_files(self.root, relative)):
                self.edited.append(relative)
        return target

    def shown(self, relative: str) -> str:
        """How messages name a trusted file of the scan root: ``REF:path`` when it comes from the base ref."""
        return f"{self.ref.name}:{relative}" if self.ref is not None else relative

    def notices(self) -> list[str]:
        if self.ref is None or not self.edited:
            return []
        return [
            f"{', '.join(self.edited)}: edited by this change, read as {self.ref.name} has them instead "
            "(configuration, waivers, baselines and policies apply after review and merge)"
        ]


@contextmanager
def trusted_files(root: Path, base_ref: str | None) -> Iterator[TrustedFiles]:
    """The trusted files of a run: with ``base_ref``, copies from that commit in a private folder removed after
    the run."""
    if base_ref is None:
        yield TrustedFiles(root)
        return
    ref = GitRef.resolve(root, base_ref)
    snapshot = Path(tempfile.mkdtemp(prefix="policy-gate-base-"))
    try:
        yield TrustedFiles(root, ref, snapshot)
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


def _tree_files(root: Path, relative: str) -> dict[str, bytes]:
    path = root / relative
    if path.is_symlink():
        return {relative: b"\x00link"}  # never the same as a committed file: git's links are not copied
    if path.is_file():
        return {relative: path.read_bytes()}
    found: dict[str, bytes] = {}
    if path.is_dir():
        for folder, _, names in os.walk(path):
            for name in names:
                file = Path(folder) / name
                if file.is_file() and not file.is_symlink():
                    found[file.relative_to(root).as_posix()] = file.read_bytes()
    return found


def _same(relative: str, committed: dict[str, bytes], tree: dict[str, bytes]) -> bool:
    if relative == "pyproject.toml" and committed.keys() == tree.keys() == {relative}:
        return _gate_table(committed[relative]) == _gate_table(tree[relative])  # other tools' edits do not count
    return committed == tree


def _gate_table(data: bytes) -> object:
    try:
        return tomllib.loads(data.decode("utf-8")).get("tool", {}).get("gate")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return data
