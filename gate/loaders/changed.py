"""A scan of named files: the pre-commit hook names the files a commit changes, and the scan must report every
finding whose value flows from one of them, wherever the finding is written.

- A resource is reported when its own file or one of its origins changed (the module block that passes it a
  value, a ``variables.tf`` default, a ``.tfvars`` file, a local; see :mod:`gate.loaders.terraform_origins`).
- A changed file of a local module is judged in every root module that calls it (directly or through other
  modules), with the values each root gives it: the repository is searched for those roots.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from gate.loaders.discovery import discover
from gate.loaders.terraform_files import ModuleSource, is_terraform_file
from gate.loaders.terraform_roots import local_calls
from gate.model import Resource

_MODULE = b"module"
_SEARCHED = 4 * 1024 * 1024


def named_files(paths: Iterable[Path], display: Callable[[Path], str]) -> set[str]:
    """The files named one by one (as results show them); empty when whole directories are scanned."""
    return {display(p) for p in paths if p.is_file()}


def reported(resources: Iterable[Resource], changed: set[str]) -> list[Resource]:
    """The resources a change of ``changed`` files can change: written in one of them, or reading one."""
    return [r for r in resources if r.location.file in changed or not r.origins.isdisjoint(changed)]


def roots_reaching(
    modules: Iterable[Path], read: Iterable[Path], scan_root: Path, parsed: Callable[[Path], ModuleSource]
) -> set[Path]:
    """The root modules under ``scan_root`` (directories no other directory calls) that are, or call (directly
    or through other local modules), one of ``modules`` or a directory whose files may read a file of ``read``
    (``file("policies/admin.json")``: its name is written in them); ``parsed`` reads a directory's module."""
    names = {p.name.encode() for p in read}
    pending = [m.resolve() for m in modules]
    calling: list[Path] = []  # directories that may call a module: parsed only when something is reached
    for directory in discover([scan_root], search_skipped=False).terraform_dirs:  # its notices go nowhere
        text = _text(directory)
        if names and (any(name in text for name in names) or _reads_computed_path(text)):
            pending.append(directory.resolve())
        if _MODULE in text:
            calling.append(directory)
    if not pending:  # nothing named is reached: no module needs parsing to find its callers
        return set()
    callers: dict[Path, set[Path]] = {}
    for directory in calling:
        for callee in local_calls(directory, parsed(directory)):
            callers.setdefault(callee, set()).add(directory.resolve())
    roots: set[Path] = set()
    seen: set[Path] = set()
    while pending:
        directory = pending.pop()
        if directory in seen:
            continue
        seen.add(directory)
        above = callers.get(directory, set())
        if not above:
            roots.add(directory)
        pending.extend(above)
    return roots


_FILE_CALL = re.compile(
    rb"\b(?:file|filebase64|filemd5|filesha1|filesha256|filesha512|fileset|fileexists|templatefile)"
    rb"\s*\(\s*"
)
_LOOK = 512  # bytes after a call's parenthesis that decide whether its path is one literal string


def _reads_computed_path(text: bytes) -> bool:
    """Whether a module calls a file function with a path whose file name it computes
    (``file("${path.module}/${local.n}.json")``, ``templatefile(local.path, {})``): such a module may read any
    changed file, whatever its name, so a search for names cannot rule it out."""
    for call in _FILE_CALL.finditer(text):
        rest = text[call.end() : call.end() + _LOOK]
        end = rest.find(b'"', 1)
        if rest[:1] != b'"' or end < 0:
            return True  # a path that is not a string written in the call: a variable, a local, a function
        name = rest[1:end].rsplit(b"/", 1)[-1]  # its file's name: searched for when written out, as is usual
        if b"${" in name or b"%{" in name or b"}" in name:
            return True
    return False


def _text(directory: Path) -> bytes:
    """The Terraform files of ``directory``, to search for words (cheaper than parsing them all); a file too
    large to search counts as holding every word, so it is parsed, and the parser says it is too large."""
    chunks = []
    for path in sorted(directory.iterdir()):
        if is_terraform_file(path) and not path.is_symlink():
            try:
                chunks.append(path.read_bytes() if path.stat().st_size <= _SEARCHED else _MODULE)
            except OSError:
                chunks.append(_MODULE)  # unreadable: parse it, and let the parser say what is wrong
    return b"\n".join(chunks)
