"""Fetching a ``git::`` source: a shallow fetch of one ref, with git hardened against what the repository and
the machine could make it do.

git runs with an argument list (never a shell), an environment holding only ``PATH`` and a private ``HOME``,
no system or global configuration (``GIT_CONFIG_NOSYSTEM``, ``GIT_CONFIG_GLOBAL``), no terminal or askpass
prompts, no credential helper, hooks pointed at an empty folder, only the ``https`` protocol (``file`` too when
tests allow it: :data:`ALLOW_FILE_FOR_TESTS`, which nothing in the tree or the environment can set), no
submodules, links checked out as plain files (``core.symlinks=false``), and a time limit. The checkout is
then walked for links and sizes (gate.loaders.modules.unpack) and its ``.git`` folder removed: what was fetched is
only read, never run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gate.loaders.modules.limits import GIT_TIMEOUT, FetchError
from gate.loaders.modules.unpack import walk_bounded

ALLOW_FILE_FOR_TESTS = False  # set only by the test suite, in its own process: file:// repositories


def _run(arguments: list[str], cwd: Path, home: Path, what: str) -> None:
    git = shutil.which("git")
    if git is None:
        raise FetchError("git is not installed: git:: sources are not fetched", unreachable=True)
    protocols = "https:file" if ALLOW_FILE_FOR_TESTS else "https"
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "",
        "SSH_ASKPASS": "",
        "GIT_ALLOW_PROTOCOL": protocols,
        "GIT_PROTOCOL_FROM_USER": "0",
        "GIT_LFS_SKIP_SMUDGE": "1",
        "LC_ALL": "C",
    }
    hooks = home / "hooks"
    hooks.mkdir(exist_ok=True)
    hardened = [
        "-c",
        f"core.hooksPath={hooks}",
        "-c",
        "credential.helper=",
        "-c",
        "core.askPass=",
        "-c",
        "core.symlinks=false",
        "-c",
        "core.fsmonitor=false",
        "-c",
        "protocol.allow=never",
        *(c for p in protocols.split(":") for c in ("-c", f"protocol.{p}.allow=always")),
        "-c",
        "submodule.recurse=false",
        "-c",
        "transfer.fsckObjects=true",
        "-c",
        "http.followRedirects=initial",
    ]
    try:
        done = subprocess.run(
            [git, *hardened, *arguments],
            cwd=cwd,
            env=environment,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FetchError(f"{what}: git took more than {GIT_TIMEOUT:.0f} seconds") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        text = message[-1] if message else f"git exited with {done.returncode}"
        unreachable = any(s in text for s in ("Could not resolve host", "unable to access", "Failed to connect"))
        raise FetchError(f"{what}: {text}", unreachable=unreachable)


def clone(url: str, ref: str, target: Path) -> None:
    """Check out ``ref`` (a branch, a tag or a commit; the default branch when empty) of ``url`` into the
    empty folder ``target``, one commit deep."""
    what = f"git::{url}" + (f"?ref={ref}" if ref else "")
    if url.startswith("-") or ref.startswith("-"):
        raise FetchError(f"{what}: not a repository address")
    with tempfile.TemporaryDirectory(prefix="gate-git-home-") as home:
        _run(["init", "--quiet", "--", str(target)], target.parent, Path(home), what)
        _run(
            ["fetch", "--quiet", "--depth=1", "--no-tags", "--no-recurse-submodules", "--", url, ref or "HEAD"],
            target,
            Path(home),
            what,
        )
        _run(["checkout", "--quiet", "--no-recurse-submodules", "FETCH_HEAD"], target, Path(home), what)
    shutil.rmtree(target / ".git", ignore_errors=True)
    walk_bounded(target, what)
