"""The start-up check that the ``hcl2`` the gate imports is python-hcl2, not Checkov's fork bc-python-hcl2.

The cases are made as pip leaves them: site folders with an ``hcl2`` package and the dist-info folders (METADATA
and RECORD with sha256 hashes) of the distributions that installed it, the fork's files written over
python-hcl2's. The real environments are used too: the gate's own passes, and Checkov's (where pip installed
the fork) is recognised."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import pytest
from conftest import find_checkov

from gate.errors import EXIT_ERROR, GateError
from gate.loaders.hcl2_check import check_hcl2

OURS = {"hcl2/__init__.py": "from .api import load, loads, parse\n", "hcl2/api.py": "def load(f): ...\n"}
FORK = {"hcl2/__init__.py": "from .api import load, loads\n", "hcl2/api.py": "def load(f, with_meta=False): ...\n"}


def _record(files: dict[str, str]) -> str:
    lines = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        lines.append(f"{path},sha256={digest},{len(text.encode())}")
    return "\n".join(lines) + "\n"


def site(tmp_path: Path, on_disk: dict[str, str] | None, **installed: tuple[str, dict[str, str]]) -> list[str]:
    """A site folder: ``on_disk`` files, and for each distribution (name with _) its version and the files its
    RECORD says it installed."""
    folder = tmp_path / "site-packages"
    folder.mkdir(parents=True)
    for path, text in (on_disk or {}).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    for name, (version, files) in installed.items():
        info = folder / f"{name}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: {version}\n", encoding="utf-8"
        )
        (info / "RECORD").write_text(_record(files), encoding="utf-8")
    return [str(folder)]


def test_python_hcl2_passes(tmp_path: Path) -> None:
    check_hcl2(site(tmp_path, OURS, python_hcl2=("7.3.1", OURS)))


def test_checkov_installed_beside_the_gate_stops_the_scan_and_says_how_to_fix_it(tmp_path: Path) -> None:
    path = site(tmp_path, FORK, python_hcl2=("7.3.1", OURS), bc_python_hcl2=("0.4.3", FORK))
    with pytest.raises(GateError) as caught:
        check_hcl2(path)
    assert caught.value.exit_code == EXIT_ERROR
    message = str(caught.value)
    assert message.startswith(
        f"the hcl2 package the gate imports ({path[0]}/hcl2) is bc-python-hcl2 0.4.3, "
        "Checkov's fork, not python-hcl2: Checkov was installed into the gate's environment"
    )
    assert "-m pip uninstall -y checkov bc-python-hcl2` then `" in message
    assert "-m pip install --force-reinstall 'python-hcl2" in message
    assert "gate engines install checkov" in message and "docs/checkov.md" in message


def test_the_fork_alone_is_recognised_too(tmp_path: Path) -> None:
    with pytest.raises(GateError, match="is bc-python-hcl2 0.4.3, Checkov's fork"):
        check_hcl2(site(tmp_path, FORK, bc_python_hcl2=("0.4.3", FORK)))


def test_python_hcl2_reinstalled_over_the_fork_passes(tmp_path: Path) -> None:
    # `pip install --force-reinstall python-hcl2` puts its files back; the fork's dist-info may stay behind.
    check_hcl2(site(tmp_path, OURS, python_hcl2=("7.3.1", OURS), bc_python_hcl2=("0.4.3", FORK)))


def test_changed_files_and_a_missing_package_are_refused(tmp_path: Path) -> None:
    edited = {**OURS, "hcl2/api.py": "def load(f): return 1\n"}
    with pytest.raises(GateError, match=r"is not the one python-hcl2 7\.3\.1 installed \(its files were changed"):
        check_hcl2(site(tmp_path / "a", edited, python_hcl2=("7.3.1", OURS)))
    with pytest.raises(GateError, match="^python-hcl2 is not installed"):
        check_hcl2(site(tmp_path / "b", None))
    with pytest.raises(GateError, match=r"was not installed by python-hcl2"):
        check_hcl2(site(tmp_path / "c", OURS))


def test_the_gates_own_environment_passes() -> None:
    check_hcl2()


def test_checkovs_own_environment_is_recognised_as_the_fork() -> None:
    command = find_checkov()
    if command is None:
        pytest.skip("Checkov not found: its environment cannot be inspected")
    sites = sorted((Path(os.path.realpath(command)).parent.parent / "lib").glob("python3*/site-packages"))
    if not sites or not (sites[0] / "hcl2").is_dir():
        pytest.skip(f"{command} is not in a virtual environment with its own site-packages")
    with pytest.raises(GateError, match=r"is bc-python-hcl2 [0-9.]+, Checkov's fork"):
        check_hcl2([str(sites[0])])
