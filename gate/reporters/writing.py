"""Writing reports to files: ``write_reports(run, targets, options)``, the library's way to do what
``gate scan --report FORMAT=PATH`` does, so that CI templates hold no code of their own."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gate.model import RunResult
from gate.reporters import REPORTERS, ReportOptions, chunks


def write_reports(run: RunResult, targets: Iterable[tuple[str, Path]], options: ReportOptions | None = None) -> None:
    """Write each ``(format, path)`` report of ``run``, making the folders it needs."""
    for name, path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a" if REPORTERS[name].appended else "w", encoding="utf-8") as out:
            out.writelines(chunks(name, options)(run))
