"""Files as a git commit holds them: ``gate scan --base-ref REF`` reads configuration, waivers, baselines and
policy folders from the base of the change, not from the tree the pull request wrote (docs/security.md).

Git runs with an argument list, never a shell; revisions are checked with ``--end-of-options`` and paths follow
``--`` with pathspec magic off, so nothing a configuration names can become an option or a pattern.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gate.errors import ConfigError, UsageError

_TIMEOUT = 120
# Only what git needs to find itself and its repository; the pipeline's tokens stay out of its environment.
_GIT_ENV = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "TMPDIR",
    "SYSTEMROOT",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CEILING_DIRECTORIES",
)


def git_environment() -> dict[str, str]:
    """The environment git runs in: what it needs to find itself, no prompt, pathspecs taken literally."""
    env = {k: v for k, v in os.environ.items() if k in _GIT_ENV}
    env["GIT_LITERAL_PATHSPECS"] = "1"
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def _git(root: Path, *args: str, input_bytes: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            input=input_bytes,
            capture_output=True,
            env=git_environment(),
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--base-ref: cannot run git: {exc}") from None


@dataclass
class GitRef:
    """One commit of the repository that holds the scan root; paths are relative to the scan root."""

    root: Path
    name: str  # as the user wrote it (origin/main)
    commit: str
    prefix: str  # the scan root's folder inside the repository ("" at its top)

    @classmethod
    def resolve(cls, root: Path, name: str) -> GitRef:
        """The commit ``name`` names; a name that does not resolve is a usage error, never "use the tree"."""
        if not name or name.startswith("-") or "\x00" in name:
            raise UsageError(f"--base-ref {name!r}: not a git revision")
        done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
        if done.returncode != 0:
            raise UsageError(
                f"--base-ref {name}: no such commit in the repository at {root} (fetch it first, e.g. "
                f"`git fetch origin main`); the gate never falls back to the configuration in the tree"
            )
        commit = done.stdout.decode().strip()
        prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
        return cls(root, name, commit, prefix)

    def _full(self, path: str) -> str:
        return (PurePosixPath(self.prefix) / path).as_posix() if self.prefix else path

    def _list(self, path: str) -> list[tuple[str, str]]:
        """(path relative to the scan root, object) of every file at or under ``path`` in the commit."""
        done = _git(self.root, "ls-tree", "-r", "-z", "--full-tree", self.commit, "--", self._full(path))
        if done.returncode != 0:
            raise ConfigError(f"{self.name}:{path}: git ls-tree failed: {done.stderr.decode(errors='replace').strip()}")
        found = []
        for record in filter(None, done.stdout.split(b"\x00")):
            meta, _, name = record.partition(b"\t")
            mode, kind, obj = meta.decode().split(" ")
            full = name.decode("utf-8", errors="surrogateescape")
            relative = full[len(self.prefix) :] if self.prefix else full
            # Only regular files: a link in the commit could point anywhere on this machine.
            if (
                kind == "blob"
                and mode in ("100644", "100755")
                and (relative == path or relative.startswith(path.rstrip("/") + "/"))
            ):
                found.append((relative, obj))
        return found

    def files(self, path: str) -> dict[str, bytes]:
        """Every file at or under ``path`` in the commit, by path."""
        return {name: self._blob(obj, name) for name, obj in self._list(path)}

    def _blob(self, obj: str, path: str) -> bytes:
        done = _git(self.root, "cat-file", "blob", obj)
        if done.returncode != 0:
            raise ConfigError(
                f"{self.name}:{path}: cannot read it from git: {done.stderr.decode(errors='replace').strip()}"
            )
        return done.stdout
