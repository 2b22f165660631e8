"""Reporters: one module per output format, each reading only the RunResult. Listed once, here."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from gate.model import RunResult

Writer = Callable[[RunResult], str]

# format name -> "module:function"; imported on use so that start-up stays cheap.
REPORTERS: dict[str, str] = {
    "text": "gate.reporters.text:render",
    "json": "gate.reporters.json_report:render",
}


def writer(name: str) -> Writer:
    module_name, function = REPORTERS[name].split(":")
    render: Writer = getattr(importlib.import_module(module_name), function)
    return render
