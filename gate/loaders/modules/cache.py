"""The module cache: each fetched package as one entry, keyed by its source and version and authenticated like
the parse cache (gate/cache_trust.py: an HMAC with the user's key, kept outside the cache folder).

An entry is JSON data (file names and base64 contents), never code; one whose tag does not match its name is a
miss, so a cache folder planted or restored from another run cannot change what is judged. Unpacking an
entry applies the same path rules as an archive (gate.loaders.modules.unpack). Alongside, an index per registry module
lists the versions held, so that ``--offline`` and ``pre-commit`` resolve a version constraint from what is
cached.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gate import cache_trust
from gate.loaders.modules.limits import FetchError
from gate.loaders.modules.unpack import _Budget, member_path


class ModuleCache:
    def __init__(self, directory: Path | None, key: bytes | None) -> None:
        self.directory = directory if key is not None else None
        self._key = key
        self.stored = 0

    @classmethod
    def from_environment(cls, enabled: bool = True) -> ModuleCache:
        from gate.parse_cache import _ENABLED, top_directory

        if not enabled or not _ENABLED.get() or os.environ.get("POLICY_GATE_NO_CACHE"):
            return cls(None, None)
        directory = top_directory() / "modules"
        if not cache_trust.trusted_folder(directory, top_directory()):
            return cls(None, None)
        return cls(directory, cache_trust.signing_key())

    def _path(self, name: str) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(name.encode()).hexdigest()
        return self.directory / digest[:2] / digest

    def _read(self, name: str) -> Any:
        path = self._path(name)
        if path is None or self._key is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        payload = cache_trust.unseal(self._key, name, data)
        if payload is None:
            return None
        try:
            os.utime(path)
            return json.loads(payload)
        except (OSError, ValueError):
            return None

    def _write(self, name: str, value: Any) -> None:
        path = self._path(name)
        if path is None or self._key is None:
            return
        try:
            cache_trust.make_folder(path.parent)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(cache_trust.seal(self._key, name, json.dumps(value).encode()))
            os.replace(temporary, path)
            self.stored += 1
        except OSError:
            return

    # --- packages -----------------------------------------------------------------------------------------
    def load(self, key: str, target: Path) -> bool:
        """Unpack the package cached under ``key`` into the empty folder ``target``; False on a miss."""
        entry = self._read("module\x00" + key)
        if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
            return False
        budget = _Budget(f"cached {key}")
        try:
            for name, encoded in entry["files"].items():
                relative = member_path(name) if isinstance(name, str) and isinstance(encoded, str) else None
                if relative is None:
                    return False
                content = base64.b64decode(encoded)
                budget.add(len(content))
                out = target.joinpath(*relative.parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(content)
        except (FetchError, ValueError, OSError):
            for child in list(target.iterdir()):  # a miss leaves the folder as it was: empty
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            return False
        return True

    def store(self, key: str, folder: Path) -> None:
        if self.directory is None:
            return
        files = {}
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(folder).as_posix()] = base64.b64encode(path.read_bytes()).decode("ascii")
        self._write("module\x00" + key, {"files": files})

    # --- versions of registry modules held ----------------------------------------------------------------
    def versions(self, module: str) -> list[str]:
        entry = self._read("versions\x00" + module)
        return [v for v in entry if isinstance(v, str)] if isinstance(entry, list) else []

    def add_version(self, module: str, version: str) -> None:
        held = self.versions(module)
        if version not in held:
            self._write("versions\x00" + module, [*held, version])

    def prune(self) -> None:
        if self.directory is not None and self.stored:
            cache_trust.prune(self.directory)
