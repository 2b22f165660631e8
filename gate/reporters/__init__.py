"""Reporters: one module per output format, each reading only the RunResult. Listed once, here."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from gate.model import RunResult

Writer = Callable[[RunResult], str]

# format name -> "module:function"; imported on use so that start-up stays cheap.
REPORTERS: dict[str, str] = {
    "text": "gate.reporters.text:render",
    "json": "gate.reporters.json_report:render",
    "sarif": "gate.reporters.sarif:render",
    "junit": "gate.reporters.junit:render",
    "gitlab-codequality": "gate.reporters.gitlab_codequality:render",
    "gitlab-sast": "gate.reporters.gitlab_sast:render",
    "markdown": "gate.reporters.markdown:render",
    "github": "gate.reporters.github:render",
    "github-output": "gate.reporters.github_output:render",
}

# The formats whose render function takes ``options=ReportOptions(...)`` besides the run.
TAKES_OPTIONS = frozenset({"junit", "gitlab-sast", "markdown"})


@dataclass(frozen=True)
class ReportOptions:
    """What some formats need beyond the RunResult; every field has a default that suits a plain run.

    ``junit_backlog``: how JUnit shows failed results that only become backlog items: "skipped" by default, so
    that the test report follows the decision (red only when the gate blocks), or "failure".
    ``scan_started`` / ``scan_finished``: the scan's times, for GitLab SAST (the only format that carries
    times); the render time when not given.
    ``source_url`` and ``source_host``: where the Markdown summary links files to, e.g.
    ``https://github.com/org/repo/blob/<sha>/`` with host "github" (``#L3-L9`` anchors) or
    ``https://gitlab.com/group/repo/-/blob/<sha>/`` with host "gitlab" (``#L3-9``); plain paths without it.
    ``markdown_limit``: the most bytes of UTF-8 the Markdown summary may take (a pull request comment takes
    65,536 characters, a GitHub step summary 1 MiB).
    """

    junit_backlog: Literal["failure", "skipped"] = "skipped"
    scan_started: dt.datetime | None = None
    scan_finished: dt.datetime | None = None
    source_url: str | None = None
    source_host: Literal["github", "gitlab"] = "github"
    markdown_limit: int = 1024 * 1024  # bytes of the Markdown summary (gate.reporters.markdown.LIMITS)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], **fields: object) -> ReportOptions:
        """Options with file links to the commit being built, read from GitHub Actions' or GitLab CI's variables."""
        github = [environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")]
        gitlab = [environ.get(k, "") for k in ("CI_PROJECT_URL", "CI_COMMIT_SHA")]
        found: dict[str, object] = {}
        if all(github):
            found = {"source_url": f"{github[0].rstrip('/')}/{github[1]}/blob/{github[2]}/", "source_host": "github"}
        elif all(gitlab):
            found = {"source_url": f"{gitlab[0].rstrip('/')}/-/blob/{gitlab[1]}/", "source_host": "gitlab"}
        return cls(**{**found, **fields})  # type: ignore[arg-type]


def chunks(name: str, options: ReportOptions | None = None) -> Callable[[RunResult], Iterable[str]]:
    """Like :func:`writer`, in pieces where the format can give them (``render_chunks``), so that a large
    report is written as it is made instead of held whole."""
    module_name, _ = REPORTERS[name].split(":")
    streamed = getattr(importlib.import_module(module_name), "render_chunks", None)
    if streamed is not None and name not in TAKES_OPTIONS:
        return streamed  # type: ignore[no-any-return]
    render = writer(name, options)
    return lambda run: [render(run)]


def writer(name: str, options: ReportOptions | None = None) -> Writer:
    """The render function of format ``name``, with ``options`` bound for the formats that take them."""
    module_name, function = REPORTERS[name].split(":")
    render: Callable[..., str] = getattr(importlib.import_module(module_name), function)
    if name in TAKES_OPTIONS:
        return functools.partial(render, options=options or ReportOptions())
    return render
