"""The managed Checkov environment lives in the cache folder, so it is checked like the cache before it runs.

``gate engines install checkov`` records what it installed in ``policy-gate.manifest`` inside the environment:
the Checkov version and a digest of the files that decide what runs (``pyvenv.cfg``, which names the
interpreter, and the ``checkov`` and ``python`` programs), signed with the cache key
(:mod:`gate.cache_trust`). Before the gate runs the managed command, every folder from the gate's cache folder
down to the environment's ``bin`` and ``site-packages`` must be the user's own and writable by no one else,
and the record must match: anything else stops the run with the way out (install again).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from gate import cache_trust
from gate.errors import ConfigError

MANIFEST = "policy-gate.manifest"


def _digest(venv: Path) -> str:
    from gate.checkov.install import venv_program

    digest = hashlib.sha256()
    for path in (venv / "pyvenv.cfg", venv_program(venv, "checkov"), venv_program(venv, "python")):
        digest.update(path.name.encode() + b"\x00" + path.resolve().as_posix().encode() + b"\x00")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def record(venv: Path, version: str) -> None:
    """After an install: what was installed, signed (without a usable key nothing is recorded, and the
    environment will be refused until one can be made)."""
    key = cache_trust.signing_key()
    if key is None:
        return
    body = json.dumps({"version": version, "digest": _digest(venv), "path": venv.resolve().as_posix()}).encode()
    (venv / MANIFEST).write_bytes(cache_trust.seal(key, MANIFEST, body))


def _folders(venv: Path, top: Path) -> list[Path]:
    chain = [top, *(p for p in reversed(venv.parents) if top in p.parents), venv, venv / "bin", venv / "Scripts"]
    chain += sorted(venv.glob("lib*/python*/site-packages")) + sorted(venv.glob("Lib/site-packages"))
    return [p for p in dict.fromkeys(chain) if p.exists()]


def check(venv: Path, top: Path) -> str:
    """The recorded Checkov version of the managed environment ``venv`` under the cache folder ``top``, once
    it is known safe to run; otherwise a ConfigError saying why."""
    again = "run `gate engines install checkov --force` to install it again"
    for folder in _folders(venv, top):
        problem = cache_trust.unsafe(folder)
        if problem is not None:
            raise ConfigError(f"the managed Checkov environment is not used: {problem}; {again}")
    key = cache_trust.signing_key()
    try:
        sealed = (venv / MANIFEST).read_bytes()
    except OSError:
        sealed = b""
    body = cache_trust.unseal(key, MANIFEST, sealed) if key is not None else None
    try:
        manifest = json.loads(body) if body is not None else None
        digest = _digest(venv)
    except (OSError, ValueError):
        manifest, digest = None, ""
    if (
        not isinstance(manifest, dict)
        or manifest.get("digest") != digest
        or manifest.get("path") != venv.resolve().as_posix()
    ):
        raise ConfigError(f"the managed Checkov environment at {venv} is not the one the gate installed; {again}")
    return str(manifest.get("version", "unknown"))


__all__ = ["MANIFEST", "check", "record"]
