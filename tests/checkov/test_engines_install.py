"""``gate engines install checkov``: a virtual environment of Checkov's own, made with the real venv and pip.

The test installs a stand-in ``checkov`` 3.3.30 wheel built here (a `checkov` command that prints its version)
from a local folder, with pip's index turned off: the same commands as a real install, without the download."""

from __future__ import annotations

import base64
import hashlib
import os
import sys
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gate.checkov.install import install, managed_command, managed_venv
from gate.checkov.venv_trust import check
from gate.cli.engines import engines
from gate.errors import UsageError

VERSION = "3.3.30"


def build_wheel(folder: Path) -> Path:
    files = {
        "fake_checkov/__init__.py": f"def main():\n    print({VERSION!r})\n",
        f"checkov-{VERSION}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: checkov\nVersion: {VERSION}\n",
        f"checkov-{VERSION}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"checkov-{VERSION}.dist-info/entry_points.txt": "[console_scripts]\ncheckov = fake_checkov:main\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"checkov-{VERSION}.dist-info/RECORD,,")
    files[f"checkov-{VERSION}.dist-info/RECORD"] = "\n".join(record) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"checkov-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


def test_install_makes_a_separate_environment_the_gate_then_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheels = build_wheel(tmp_path / "wheels").parent
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheels))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PIP_EXTRA_INDEX_URL", raising=False)

    result = CliRunner().invoke(click.Group(commands={"engines": engines}), ["engines", "install", "checkov"])
    assert result.exit_code == 0, result.output
    command = managed_command(os.environ)
    if sys.platform != "darwin":
        assert command == tmp_path / "cache" / "policy-gate" / "engines" / "checkov" / "bin" / "checkov"
    assert f"Checkov {VERSION} is installed: {command}\n" in result.output
    assert (
        "The gate runs it when engines.checkov.command, $POLICY_GATE_CHECKOV and PATH name no other Checkov"
        in result.output
    )
    assert (managed_venv(os.environ) / "pyvenv.cfg").is_file()
    top = tmp_path / "cache" / "policy-gate"
    assert check(managed_venv(os.environ), top) == VERSION  # what it installed, recorded and signed

    # Again: the environment is reused, not replaced; elsewhere, the gate is told where it is.
    messages: list[str] = []
    again, version = install(managed_venv(os.environ), f"checkov=={VERSION}", echo=messages.append)
    assert (again, version) == (command, VERSION)
    assert messages[0].startswith("reusing the environment at ")


def test_install_refuses_the_gates_own_environment_and_foreign_folders(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is the gate's own environment: Checkov must live in another one"):
        install(Path(sys.prefix), "checkov")
    (tmp_path / "data").mkdir()
    with pytest.raises(UsageError, match="exists and is not a virtual environment"):
        install(tmp_path / "data", "checkov")
