"""An on-disk cache of parsed HCL files, keyed by the file's content and the parser's version; and of the gate's
own objects built from documents (the compiled policy library, checked settings), keyed by the documents and
the gate's code.

Parsing is most of a scan's time (Lark's LALR parser in pure Python); a file that has not changed is read
back instead. No entry can run code or change a result: each is signed with a key kept outside the cache
folder and is unpickled only when its tag matches its name and content; anything else (a planted or damaged
entry, one moved to another name, one of the wrong type) is a miss (gate.cache_trust says how, and why a
signature rather than a data format). Concurrent runs are safe (entries are written to a temporary file and
renamed into place). ``--no-cache`` (and ``POLICY_GATE_NO_CACHE=1``) reads and writes nothing on disk, the
policy library and settings included. The cache lives under the user's cache directory; a folder that another
user owns or others can write is refused with a notice. It is never read from the repository being scanned.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gate import __version__, cache_trust
from gate.folders import cache_folder

# Bump when the shape of gate.loaders.hcl_ast changes.
FORMAT = (
    "hcl-ast-4"  # 2: an argument set twice is an error, not the last value; 3: template directives; 4: literals in NFC
)
# (TemplateIf, TemplateFor) and Call.expand


_ENABLED: contextvars.ContextVar[bool] = contextvars.ContextVar("policy_gate_cache", default=True)


def top_directory() -> Path:
    return cache_folder()


def default_directory() -> Path:
    return top_directory() / "parse"


@contextlib.contextmanager
def switched(enabled: bool) -> Iterator[None]:
    """Within the block, :meth:`ParseCache.from_environment` gives a cache that touches no disk unless
    ``enabled``: how ``--no-cache`` reaches every cache a scan uses (files, policies, settings)."""
    token = _ENABLED.set(enabled and _ENABLED.get())
    try:
        yield
    finally:
        _ENABLED.reset(token)


class ParseCache:
    """Entries on disk under ``directory`` (none: nothing is read from or written to disk), signed with ``key``
    (by default the user's, :func:`gate.cache_trust.signing_key`), and, for this run only, entries parsed
    ahead of use (gate.loaders.parallel_parse)."""

    def __init__(self, directory: Path | None, key: bytes | None = None) -> None:
        if directory is not None and key is None:
            key = cache_trust.signing_key()
        self.directory = directory if key is not None else None
        self._secret = key
        self.stored = 0
        self.hits = 0
        self.misses = 0
        self._ahead: dict[str, Any] = {}
        self._salt: bytes | None = None  # worked out at the first HCL key: finding hcl2's version takes time

    @classmethod
    def from_environment(cls, enabled: bool = True) -> ParseCache:
        """The user's cache; one that touches no disk when turned off, or when its folder or key cannot be
        trusted (a notice, :func:`gate.cache_trust.take_notices`, says why)."""
        if not enabled or not _ENABLED.get() or os.environ.get("POLICY_GATE_NO_CACHE"):
            return cls(None)
        directory = default_directory()
        if not cache_trust.trusted_folder(directory, top_directory()):
            return cls(None)
        secret = cache_trust.signing_key()
        return cls(None) if secret is None else cls(directory, secret)

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

    def load(self, key: str, kind: type | None = None) -> Any:
        """The entry stored under ``key`` (an instance of ``kind`` when given), or None: an entry that is
        absent, unsigned, signed for another key, cut short or of another type is a miss."""
        ahead = self._ahead.get(key)
        if ahead is not None:
            self.hits += 1
            return ahead
        path = self.path(key)
        if path is None or self._secret is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        payload = cache_trust.unseal(self._secret, key, data)
        value = None
        if payload is not None:
            try:
                value = pickle.loads(payload)  # signed by this user's key: written by the gate itself
            except Exception:  # noqa: BLE001 - signed but unreadable (another version's classes): a miss
                value = None
        if value is None or (kind is not None and not isinstance(value, kind)):
            self.misses += 1
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: pruned last
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
        assert self.directory is not None and self._secret is not None
        folder = self.directory / key[:2]
        try:
            cache_trust.make_folder(folder)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(cache_trust.seal(self._secret, key, data))
            os.replace(temporary, folder / key)
        except OSError:
            return  # a read-only or full disk only costs speed
        self.stored += 1
        if self.stored == 1:  # once a run: cheap unless an hour has passed since the last pruning
            with contextlib.suppress(OSError):
                cache_trust.prune(self.directory)


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
