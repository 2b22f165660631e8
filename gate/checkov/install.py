"""``gate engines install checkov``: Checkov in a virtual environment of its own, under the user's cache folder.

Checkov must never be installed beside the gate (it replaces python-hcl2's ``hcl2`` package with its fork), so
the gate makes a separate environment and finds Checkov there when nothing else names one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from gate.errors import GateError, UsageError
from gate.folders import cache_folder


def managed_venv(environ: Mapping[str, str]) -> Path:
    return cache_folder(environ) / "engines" / "checkov"


def venv_program(venv: Path, name: str) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def managed_command(environ: Mapping[str, str]) -> Path:
    """Where ``gate engines install checkov`` puts the ``checkov`` command."""
    return venv_program(managed_venv(environ), "checkov")


def reviewed_version() -> str:
    """The Checkov release the shipped severity mapping was reviewed against: installed by default."""
    from gate.checkov.severity import load_table

    return load_table().checkov_version


def install(
    venv: Path,
    requirement: str,
    *,
    python: str = sys.executable,
    force: bool = False,
    pip_args: Sequence[str] = (),
    echo: Callable[[str], None] = print,
) -> tuple[Path, str]:
    """Create ``venv`` with ``python`` and pip-install ``requirement`` into it. Returns the ``checkov`` command
    and the version it reports. Refuses to install into the environment running the gate."""
    venv = venv.expanduser().absolute()
    if venv.resolve() == Path(sys.prefix).resolve():
        raise UsageError(f"{venv} is the gate's own environment: Checkov must live in another one")
    if venv.exists():
        if not force and (venv / "pyvenv.cfg").is_file():
            echo(f"reusing the environment at {venv} (--force makes a new one)")
        elif not force:
            raise UsageError(f"{venv} exists and is not a virtual environment: choose another --venv, or --force")
        else:
            shutil.rmtree(venv)
    if not venv.exists():
        echo(f"creating a virtual environment at {venv}")
        _run([python, "-m", "venv", str(venv)], "create the virtual environment")
    echo(f"installing {requirement} (this takes a minute or two)")
    _run(
        [
            str(venv_program(venv, "python")),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            *pip_args,
            requirement,
        ],
        f"install {requirement}",
    )
    command = venv_program(venv, "checkov")
    if not command.is_file():
        raise GateError(f"{requirement} was installed in {venv} but there is no {command}")
    version = _run([str(command), "--version"], "run the installed Checkov", {"CKV_SKIP_PACKAGE_UPDATE_CHECK": "true"})
    version = version.strip().splitlines()[-1] if version.strip() else "unknown"
    from gate.checkov.venv_trust import record

    record(venv, version)
    return command, version


def _run(argv: list[str], what: str, env: Mapping[str, str] | None = None) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    environment.update(env or {})
    try:
        done = subprocess.run(argv, capture_output=True, text=True, env=environment, check=False)
    except OSError as exc:
        raise GateError(f"could not {what}: {exc}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise GateError(f"could not {what} (exit {done.returncode}):\n{tail}")
    return done.stdout
