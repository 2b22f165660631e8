"""What makes the on-disk cache safe to read back: folders only the user can write, entries signed with a key
kept outside the cache folder, and a bounded size.

A cache folder is shared with whatever else can write there: another user on the machine, a CI cache restored
from a pull request's run. So every entry carries an HMAC-SHA256 of its name and content, made with a key of
32 random bytes in ``$XDG_STATE_HOME/policy-gate/cache.key`` (``~/.local/state/...``): created with mode 0600
in a folder of mode 0700, never inside the cache folder (a restored or planted cache folder brings no key
that matches). An entry whose tag does not match, that is cut short, or that was stored under another name
is a miss; it is never unpickled. A cache folder or key file that another user owns, or that others may
write (or, for the key, read), is refused with a notice, and the run goes on uncached.

The cache is bounded: :data:`DEFAULT_MAX_BYTES` (``POLICY_GATE_CACHE_MAX_MB`` to change it); at most once
per :data:`PRUNE_EVERY` seconds a run that stored entries removes the least recently used ones (a hit
refreshes an entry's modification time, which is what "used" means here: access times are often not kept)
until the folder is under three quarters of the limit.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import time
from pathlib import Path

MAGIC = b"PGC1"
TAG_SIZE = 32
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
PRUNE_EVERY = 3600.0
_STAMP = ".pruned"

_notices: list[str] = []  # refusals since the last take_notices()


def _notice(message: str) -> None:
    if message not in _notices:
        _notices.append(message)


def take_notices() -> list[str]:
    """The refusals noted since the last call (for the run's notices), once each."""
    taken = list(_notices)
    _notices.clear()
    return taken


def key_path() -> Path:
    """Where the signing key lives: the user's state folder, never the cache folder."""
    from gate.folders import state_folder

    return state_folder() / "cache.key"


def unsafe(path: Path, *, secret: bool = False) -> str | None:
    """Why ``path`` must not be trusted (owned by another user; writable, or for a secret readable, by
    others), or None. On systems without POSIX owners (Windows) nothing is refused."""
    if not hasattr(os, "getuid"):
        return None
    try:
        info = path.lstat()
    except OSError:
        return None  # absent: made by us, safely, when needed
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symbolic link"
    if info.st_uid != os.getuid():
        return f"{path} is owned by another user (uid {info.st_uid})"
    bits = stat.S_IRWXG | stat.S_IRWXO if secret else stat.S_IWGRP | stat.S_IWOTH
    if info.st_mode & bits:
        return f"{path} is {'readable or writable' if secret else 'writable'} by others (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def trusted_folder(folder: Path, top: Path) -> bool:
    """Whether ``folder`` and each folder from ``top`` (the gate's own cache folder) down to it are safe to
    read from; creates the missing ones with mode 0700. A refusal is noted once."""
    chain = [top, *(p for p in reversed(folder.parents) if top in p.parents), folder]
    for path in dict.fromkeys(chain):
        problem = unsafe(path)
        if problem is not None:
            _notice(f"cache not used: {problem}; the run is uncached")
            return False
    return True


def make_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def _key(path: Path) -> bytes | None:
    problem = unsafe(path.parent) or unsafe(path, secret=True)
    if problem is not None:
        _notice(f"cache not used: {problem}; the run is uncached")
        return None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = _new_key(path)
    except OSError:
        return None
    if len(data) < 32:
        _notice(f"cache not used: {path} is not a cache key (remove it to make a new one); the run is uncached")
        return None
    return data


def _new_key(path: Path) -> bytes:
    make_folder(path.parent)
    data = os.urandom(32)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another run made it meanwhile
        return path.read_bytes()
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return data


def signing_key() -> bytes | None:
    """The user's cache key (made at first use), or None when it cannot be trusted or made."""
    try:
        return _key(key_path())
    except OSError:
        return None


def seal(key: bytes, name: str, payload: bytes) -> bytes:
    """An entry: ``payload`` with a tag that binds it to ``name``."""
    return MAGIC + hmac.new(key, name.encode() + b"\x00" + payload, hashlib.sha256).digest() + payload


def unseal(key: bytes, name: str, data: bytes) -> bytes | None:
    """The payload of an entry sealed under ``name`` with ``key``; None for anything else."""
    head = len(MAGIC) + TAG_SIZE
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    expected = hmac.new(key, name.encode() + b"\x00" + payload, hashlib.sha256).digest()
    return payload if hmac.compare_digest(expected, data[len(MAGIC) : head]) else None


def max_bytes() -> int:
    raw = os.environ.get("POLICY_GATE_CACHE_MAX_MB", "")
    try:
        return int(float(raw) * 1024 * 1024) if raw else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def prune(folder: Path, limit: int | None = None, *, force: bool = False) -> int:
    """Remove the least recently used entries under ``folder`` when it holds more than ``limit`` bytes (at
    most once per :data:`PRUNE_EVERY` unless ``force``). Returns how many were removed."""
    limit = max_bytes() if limit is None else limit
    stamp = folder / _STAMP
    now = time.time()
    try:
        if not force and now - stamp.stat().st_mtime < PRUNE_EVERY:
            return 0
    except OSError:
        pass
    try:
        stamp.touch()
    except OSError:
        return 0
    files: list[tuple[float, int, Path]] = []
    total = 0
    for path in folder.rglob("*"):
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and path.name != _STAMP:
            files.append((info.st_mtime, info.st_size, path))
            total += info.st_size
    removed = 0
    if total <= limit:
        return 0
    for _, size, path in sorted(files):
        if total <= limit * 3 // 4:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed += 1
    return removed
