"""The backlog: lower-severity findings become tickets that stay de-duplicated, routed and closed when fixed.

Trackers are modules behind one protocol (``gate.backlog.model.Tracker``), listed once, here; each is imported
only when it is used. ``gate.backlog.sync`` is the library face, ``gate.cli.backlog`` the click group.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from gate.errors import UsageError

# tracker name -> "module:factory"; a factory takes a ``gate.backlog.sync.TrackerContext``.
TRACKERS: dict[str, str] = {
    "file": "gate.backlog.file:open_tracker",
    "github": "gate.backlog.github:open_tracker",
    "gitlab": "gate.backlog.gitlab:open_tracker",
    "jira": "gate.backlog.jira:open_tracker",
}


def factory(name: str) -> Callable[..., Any]:
    """The factory of tracker ``name``; an unknown name is a usage error."""
    if name not in TRACKERS:
        raise UsageError(f"unknown tracker {name!r} (expected one of {', '.join(TRACKERS)})")
    module_name, function = TRACKERS[name].split(":")
    made: Callable[..., Any] = getattr(importlib.import_module(module_name), function)
    return made
