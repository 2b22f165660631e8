"""An on-disk cache of parsed HCL files, keyed by the file's content and the parser's version; and of the gate's
own objects built from documents (the compiled policy library, checked settings), keyed by the documents and
the gate's code.

Parsing is most of a scan's time (Lark's LALR parser in pure Python); a file that has not changed is read
back instead. Safe against corruption (an entry that fails to load is parsed again) and concurrent runs
(entries are written to a temporary file and renamed into place). ``--no-cache`` turns it off for the files
scanned, ``POLICY_GATE_NO_CACHE=1`` for everything. The cache lives under the user's cache directory, which only that
user can write; it is never read from the repository being scanned.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from gate import __version__

# Bump when the shape of gate.loaders.hcl_ast changes.
FORMAT = "hcl-ast-2"  # 2: template directives (TemplateIf, TemplateFor) and Call.expand


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policy-gate" / "parse"


class ParseCache:
    """Entries on disk under ``directory`` (none: nothing is read from or written to disk), and, for this run
    only, entries parsed ahead of use (gate.loaders.parallel_parse), pickled."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self._ahead: dict[str, Any] = {}
        self._salt: bytes | None = None  # worked out at the first HCL key: finding hcl2's version takes time

    @classmethod
    def from_environment(cls, enabled: bool = True) -> ParseCache:
        if not enabled or os.environ.get("POLICY_GATE_NO_CACHE"):
            return cls(None)
        return cls(default_directory())

    def key(self, data: bytes) -> str:
        """The key of an HCL file's parse: its content, this cache format and both parsers' versions."""
        if self._salt is None:
            self._salt = f"{FORMAT}\x00{__version__}\x00{_hcl2_version()}\x00".encode()
        return hashlib.sha256(self._salt + data).hexdigest()

    def own_key(self, data: bytes) -> str:
        """The key of the gate's own objects (the compiled policy library, checked settings): ``data`` must name
        everything they depend on, the gate's code included (:func:`code_digest`)."""
        return hashlib.sha256(b"own\x00" + data).hexdigest()

    def path(self, key: str) -> Path | None:
        return None if self.directory is None else self.directory / key[:2] / key

    def holds(self, key: str) -> bool:
        path = self.path(key)
        return key in self._ahead or (path is not None and path.is_file())

    def load(self, key: str) -> Any:
        ahead = self._ahead.get(key)
        if ahead is not None:
            self.hits += 1
            return ahead
        path = self.path(key)
        if path is None:
            return None
        try:
            with path.open("rb") as handle:
                value = pickle.load(handle)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # noqa: BLE001 - a damaged entry is parsed again, never trusted
            self.misses += 1
            return None
        self.hits += 1
        return value

    def store(self, key: str, value: Any) -> None:
        if self.directory is not None:
            self._write(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def remember(self, key: str, value: Any) -> None:
        """An entry parsed ahead of use: kept for this run, and stored like any other."""
        self._ahead[key] = value
        self.store(key, value)

    def remember_pickled(self, key: str, data: bytes) -> None:
        """An entry parsed ahead of use by another process, as it sent it."""
        self._ahead[key] = pickle.loads(data)
        if self.directory is not None:
            self._write(key, data)

    def _write(self, key: str, data: bytes) -> None:
        assert self.directory is not None
        folder = self.directory / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, folder / key)
        except OSError:
            return  # a read-only or full disk only costs speed


@functools.cache
def code_digest(names: tuple[str, ...]) -> str:
    """A digest of the gate's version and the source of its modules or packages ``names`` (relative to the
    ``gate`` folder): part of the key of what is cached as the gate's own objects, so that a change to the code
    they are made of (in a checkout as much as in a release) builds them again."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for name in names:
        path = here / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            try:
                digest.update(source.name.encode() + b"\x00" + source.read_bytes())
            except OSError:  # installed without sources: the version above still tells releases apart
                digest.update(source.name.encode() + b"\x00?")
    return digest.hexdigest()


def _hcl2_version() -> str:
    try:
        from importlib.metadata import version

        return version("python-hcl2")
    except Exception:  # noqa: BLE001
        return "unknown"
