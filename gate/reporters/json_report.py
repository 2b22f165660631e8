"""The JSON contract (schema_version 1), as documented in the README.

orjson writes the result dataclasses directly (fields in order, enums as their values); its two-space
indentation is the text ``json.dumps(..., indent=2, ensure_ascii=False)`` writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gate.reporters import ReportOptions

import dataclasses
from collections.abc import Iterator

import orjson

from gate.model import RunResult

BATCH = 500


def _text(value: object) -> str:
    # orjson writes dates itself; a value it cannot write (none should reach evidence) is written as its repr.
    return orjson.dumps(value, option=orjson.OPT_INDENT_2, default=repr).decode()


def render(run: RunResult, options: ReportOptions | None = None) -> str:
    return _text(run) + "\n"


_RESULTS = '\n  "results": [],\n'  # where the results go in the document written without them


def render_chunks(run: RunResult, options: ReportOptions | None = None) -> Iterator[str]:
    """The text of :func:`render`, a few hundred results at a time: a large scan's document (tens of MB) is
    never held whole, nor twice while it is encoded."""
    if not run.results:
        yield render(run)
        return
    before, after = _text(dataclasses.replace(run, results=[])).split(_RESULTS, 1)
    yield before + '\n  "results": [\n'
    results = run.results
    for start in range(0, len(results), BATCH):
        batch = _text(results[start : start + BATCH])[2:-2].replace("\n", "\n  ")  # the list's items, indented
        yield "  " + batch + (",\n" if start + BATCH < len(results) else "\n")
    yield "  ],\n" + after + "\n"
