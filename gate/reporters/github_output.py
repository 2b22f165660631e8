"""The run's outcome as GitHub Actions step outputs (``--report github-output=$GITHUB_OUTPUT``).

``passed`` (true or false), ``blocking`` and ``backlog`` (how many results block, how many become backlog
items) and ``decision`` (the decision in one line), in the syntax of GitHub's ``GITHUB_OUTPUT`` file. The
decision is one line (white space collapsed) written as a ``name<<DELIMITER`` block whose delimiter is a hash
of that line, so the only line of the block can never be taken for its end and no text can set another output. The file is appended
to, never replaced (gate.reporters.writing): the step may have written outputs of its own before the scan.
https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-output-parameter
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gate.reporters import ReportOptions

import hashlib

from gate.model import Disposition, RunResult
from gate.reporters._common import OPEN


def render(run: RunResult, options: ReportOptions | None = None) -> str:
    """The ``GITHUB_OUTPUT`` lines of ``run``."""
    open_results = [r for r in run.results if r.status in OPEN]
    blocking = sum(1 for r in open_results if r.disposition is Disposition.BLOCK)
    backlog = sum(1 for r in open_results if r.disposition is Disposition.BACKLOG)
    decision = " ".join(run.decision.split())
    delimiter = "ghadelimiter_" + hashlib.sha256(decision.encode("utf-8")).hexdigest()[:32]
    lines = [
        f"passed={'true' if run.passed else 'false'}",
        f"blocking={blocking}",
        f"backlog={backlog}",
        f"decision<<{delimiter}",
        decision,
        delimiter,
    ]
    return "\n".join(lines) + "\n"
