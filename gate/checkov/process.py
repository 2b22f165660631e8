"""Running Checkov: its environment, side-by-side processes under one deadline, and what counts as failing."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from gate.errors import ConfigError
from gate.loaders.discovery import SKIP_DIRS

# An allow-list, not a deny-list: Checkov runs on files the pull request wrote, so none of the pipeline's
# tokens (CI, tracker, cloud, platform keys) may reach it, nor CKV_* settings (checks to skip, check folders) or
# the gate's PYTHONPATH (python-hcl2 there would replace Checkov's bc-python-hcl2).
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT")


def environment(environ: Mapping[str, str], home: Path) -> dict[str, str]:
    """Checkov's environment: only the variables it needs to run, ``home`` as its home folder (where it would
    look for a ``.checkov.yaml``), no update check, and the gate's skipped folders skipped."""
    env = {k: v for k, v in environ.items() if k in _PASSED_ENV}
    env["HOME"] = env["USERPROFILE"] = str(home)
    env["CKV_SKIP_PACKAGE_UPDATE_CHECK"] = "true"
    # The folders the gate's discovery skips (virtual environments, caches), skipped by Checkov's walk too.
    env["CKV_IGNORED_DIRECTORIES"] = ",".join(sorted({*SKIP_DIRS, ".serverless"}))
    return env


def run_all(
    commands: list[list[str]], cwd: Path, env: dict[str, str], timeout: int
) -> list[tuple[int | None, str, str]]:
    """Start every job, then wait for all of them until one deadline. A job past it is killed with its
    process group (``None`` as its exit code)."""
    started: list[tuple[subprocess.Popen[bytes], IO[bytes], IO[bytes]]] = []
    try:
        for argv in commands:
            out: IO[bytes] = tempfile.TemporaryFile()
            err: IO[bytes] = tempfile.TemporaryFile()
            try:
                process = subprocess.Popen(
                    argv,
                    cwd=cwd,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    start_new_session=os.name == "posix",
                )
            except OSError as exc:
                raise ConfigError(f"cannot run Checkov ({argv[0]}): {exc}") from None
            started.append((process, out, err))
        deadline = time.monotonic() + timeout
        outcomes: list[tuple[int | None, str, str]] = []
        for process, out, err in started:
            code: int | None
            try:
                code = process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _kill(process)
                code = None
            outcomes.append((code, _read(out), _read(err)))
        return outcomes
    finally:  # interrupted, or one could not start: none is left running
        for process, _, _ in started:
            if process.poll() is None:
                _kill(process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)  # Checkov's worker processes too: the group it leads
        else:
            process.kill()
    except ProcessLookupError:
        pass
    process.wait()


def _read(stream: IO[bytes]) -> str:
    stream.seek(0)
    text = stream.read().decode("utf-8", errors="replace")
    stream.close()
    return text


def failure_of(code: int | None, stderr: str, timeout: int) -> str | None:
    """Why a Checkov process failed, or None when it ran."""
    if code is None:
        return f"it did not finish within {timeout} s (engines.checkov.timeout)"
    if code != 0:  # --soft-fail: failed checks exit 0, so anything else is Checkov itself failing
        last = next((line.strip() for line in reversed(stderr.splitlines()) if line.strip()), "no message")
        return f"it exited with code {code}: {last}"
    return None
