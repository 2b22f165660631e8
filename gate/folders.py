"""The user's folders the gate keeps things in, found one way for every part of it: the cache (parsed files,
the policy library, the managed Checkov environment) and the state folder (the cache's signing key, which must
never sit in the cache it signs). XDG's variables where they are set; the platform's convention otherwise."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

NAME = "policy-gate"


def _home(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("HOME") or Path.home())


def cache_folder(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/policy-gate`` (``~/.cache``); ``~/Library/Caches`` on macOS and ``%LOCALAPPDATA%`` on
    Windows when XDG_CACHE_HOME is unset."""
    env = os.environ if environ is None else environ
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / NAME
    if os.name == "nt":
        return Path(env.get("LOCALAPPDATA") or _home(env) / "AppData" / "Local") / NAME
    if sys.platform == "darwin":
        return _home(env) / "Library" / "Caches" / NAME
    return _home(env) / ".cache" / NAME


def state_folder(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_STATE_HOME/policy-gate`` (``~/.local/state``); ``~/Library/Application Support`` on macOS and
    ``%LOCALAPPDATA%`` on Windows when XDG_STATE_HOME is unset."""
    env = os.environ if environ is None else environ
    if env.get("XDG_STATE_HOME"):
        return Path(env["XDG_STATE_HOME"]) / NAME
    if os.name == "nt":
        return Path(env.get("LOCALAPPDATA") or _home(env) / "AppData" / "Local") / NAME / "state"
    if sys.platform == "darwin":
        return _home(env) / "Library" / "Application Support" / NAME
    return _home(env) / ".local" / "state" / NAME
