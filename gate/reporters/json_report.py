"""The JSON contract (schema_version 1), as documented in the README."""

from __future__ import annotations

from collections.abc import Iterator

from gate.model import RunResult

_RESULTS = '\n  "results": [],\n'  # where the results go in the document dumped without them
BATCH = 500


def render(run: RunResult) -> str:
    return run.model_dump_json(indent=2) + "\n"


def render_chunks(run: RunResult) -> Iterator[str]:
    """The text of :func:`render`, a few hundred results at a time: a large scan's document (tens of MB) is
    never held whole, nor twice while it is encoded."""
    if not run.results:
        yield render(run)
        return
    before, after = run.model_copy(update={"results": []}).model_dump_json(indent=2).split(_RESULTS, 1)
    yield before + '\n  "results": [\n'
    results = run.results
    for start in range(0, len(results), BATCH):
        batch = (r.model_dump_json(indent=2).replace("\n", "\n    ") for r in results[start : start + BATCH])
        yield "    " + ",\n    ".join(batch) + (",\n" if start + BATCH < len(results) else "\n")
    yield "  ],\n" + after + "\n"
