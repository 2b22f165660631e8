"""Settings a configuration from the scanned tree may never hold, whatever the ref (docs/security.md).

The tree (and its history: a base ref is written by earlier pull requests) may choose policies, stages and
severities; it may not name a program to run, nor a path outside the scan root that the gate reads or writes.
Those come only from a trusted source: ``--config FILE`` outside the scan root, or the pipeline's environment
(``$POLICY_GATE_CHECKOV``; tracker URLs and tokens are read from the environment only, never from configuration).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from pathlib import PureWindowsPath
from typing import TYPE_CHECKING, Any

from gate import yamlnodes
from gate.errors import ConfigError

if TYPE_CHECKING:
    from gate.config import Settings

KeyPath = tuple[str | int, ...]
_TRUSTED = "only a configuration outside the scanned tree (--config FILE) may set it"


def escapes(value: str) -> bool:
    """Whether a configured path leaves the folder it is relative to: absolute, a drive, ``~``, or ``..``."""
    text = value.replace("\\", "/")
    if text.startswith(("/", "~")) or PureWindowsPath(value).drive:
        return True
    normal = posixpath.normpath(text)
    return normal == ".." or normal.startswith("../")


def untrusted_settings(settings: Settings) -> Iterator[tuple[KeyPath, str]]:
    """(key path, why) of every setting an untrusted configuration holds but may not."""
    if settings.engines.checkov.command is not None:
        yield ("engines", "checkov", "command"), f"names a program to run: {_TRUSTED}, or $POLICY_GATE_CHECKOV"
    for index, _ in enumerate(settings.notify):
        yield ("notify", index), f"says where findings are announced (and so whether they are): {_TRUSTED}"
    if escapes(settings.backlog.file):
        yield ("backlog", "file"), f"the gate would write outside the scanned tree: {_TRUSTED}"
    read: list[tuple[KeyPath, str | None]] = [
        (("backlog", "codeowners"), settings.backlog.codeowners),
        (("waivers", "file"), settings.waivers.file),
        (("baseline",), settings.baseline),
        *((("policies", "paths", i), p) for i, p in enumerate(settings.policies.paths)),
    ]
    for key, value in read:
        if value is not None and escapes(value):
            yield key, f"the gate would read outside the scanned tree: {_TRUSTED}"


def refuse_untrusted(settings: Settings, source: str, raw: Callable[[], Any]) -> None:
    """Raise a configuration error naming ``source``, the line and the key of the first setting an untrusted
    configuration may not hold; ``raw()`` gives the document with its lines (read only then)."""
    for key, why in untrusted_settings(settings):
        line = yamlnodes.line_of(raw(), list(key))
        where = f"{source}:{line}" if line else source
        shown = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key).lstrip(".")
        raise ConfigError(f"{where}: {shown}: {why}")
