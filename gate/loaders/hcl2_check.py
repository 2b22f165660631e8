"""Is the ``hcl2`` the gate imports python-hcl2? Installing Checkov beside the gate replaces it: Checkov depends
on bc-python-hcl2, a fork that installs its own top-level ``hcl2`` package over python-hcl2's files (both
distributions then claim them). The gate cannot read Terraform with the fork, and would fail in confusing ways,
so an HCL scan checks first and stops with what happened and how to fix it.

Which distribution's files are on disk is decided by content: each distribution's RECORD lists the sha256 of
the files it installed, and the one whose hashes match the ``hcl2`` package found on the path owns it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.machinery
import importlib.metadata as metadata
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from gate.errors import GateError

PYTHON_HCL2 = "python-hcl2"
FORK = "bc-python-hcl2"


def check_hcl2(search_path: Sequence[str] | None = None) -> None:
    """Raise GateError (exit 2) unless the ``hcl2`` package on ``search_path`` (default: the one imported, else
    ``sys.path``) is python-hcl2's. Cheap: a few small files hashed, once per process."""
    if search_path is None:
        _check_current()
    else:
        _check(_package_dir(search_path))


@functools.cache
def _check_current() -> None:
    loaded = sys.modules.get("hcl2")
    origin = getattr(loaded, "__file__", None)
    _check(Path(origin).parent if origin else _package_dir(None))


def _package_dir(search_path: Sequence[str] | None) -> Path | None:
    spec = importlib.machinery.PathFinder.find_spec("hcl2", list(search_path) if search_path is not None else None)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _check(package: Path | None) -> None:
    if package is None:
        raise GateError(f"python-hcl2 is not installed, and the gate needs it to read Terraform: run {_reinstall()}")
    site = package.parent
    fork, ours = _distribution(FORK, site), _distribution(PYTHON_HCL2, site)
    if fork is not None and (_owns(fork, site) or ours is None or not _owns(ours, site)):
        raise GateError(
            f"the hcl2 package the gate imports ({package}) is {FORK} {fork.version}, Checkov's fork, not "
            f"{PYTHON_HCL2}: Checkov was installed into the gate's environment and replaced it, and the gate "
            f"cannot read Terraform with it. Fix this environment with `{sys.executable} -m pip uninstall -y "
            f"checkov {FORK}` then {_reinstall()}, and run Checkov from its own environment "
            "(`gate engines install checkov`, or `pipx install checkov`): see docs/checkov.md"
        )
    if ours is None:
        raise GateError(
            f"the hcl2 package the gate imports ({package}) was not installed by {PYTHON_HCL2}: run {_reinstall()}"
        )
    if not _owns(ours, site):
        raise GateError(
            f"the hcl2 package the gate imports ({package}) is not the one {PYTHON_HCL2} {ours.version} installed "
            f"(its files were changed or replaced since): run {_reinstall()}"
        )


def _distribution(name: str, site: Path) -> metadata.Distribution | None:
    """The distribution ``name`` installed in ``site`` (found by its dist-info folder name: no other metadata
    is read, which keeps this fast in a large environment)."""
    for dist in metadata.distributions(name=name, path=[str(site)]):
        return dist
    return None


def _reinstall() -> str:
    return f"`{sys.executable} -m pip install --force-reinstall '{_requirement()}'`"


def _owns(dist: metadata.Distribution, site: Path) -> bool:
    """Whether every ``hcl2/*.py`` file ``dist`` recorded is on disk with the hash it recorded. A RECORD
    without hashes (some system packages) cannot tell, and is believed."""
    for entry in dist.files or ():
        path = entry.as_posix()
        if not (path.startswith("hcl2/") and path.endswith(".py")) or entry.hash is None:
            continue
        if entry.hash.mode != "sha256":
            continue
        try:
            digest = hashlib.sha256((site / path).read_bytes()).digest()
        except OSError:
            return False
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != entry.hash.value:
            return False
    return True


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement() -> str:
    """The gate's own requirement on python-hcl2 (from its metadata), so the advice stays right."""
    try:
        requires = metadata.requires("policy-gate") or []
    except metadata.PackageNotFoundError:
        requires = []
    for line in requires:
        if _canonical(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0]) == PYTHON_HCL2:
            return line.split(";")[0].strip()
    return PYTHON_HCL2
