"""Reporters: one module per output format, each reading only the RunResult. Listed once, here."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, cast

if TYPE_CHECKING:  # the command line reads the format names at start-up: the model is not needed for them
    from gate.model import RunResult

Writer = Callable[["RunResult"], str]


@dataclass(frozen=True)
class Format:
    """A report format: the module that renders it (imported on use, so that start-up stays cheap), whether it
    can be written in pieces (``render_chunks``), and whether its file is a log others write too (GitHub's
    ``GITHUB_OUTPUT``: the report is added at its end)."""

    module: str
    streams: bool = False
    appended: bool = False


# Listed once, here: format name -> its module. Every module is a Reporter (and a StreamingReporter when it
# streams); tests/reporters/test_determinism.py checks each one against the protocol.
REPORTERS: dict[str, Format] = {
    "text": Format("gate.reporters.text"),
    "json": Format("gate.reporters.json_report", streams=True),
    "sarif": Format("gate.reporters.sarif"),
    "junit": Format("gate.reporters.junit"),
    "gitlab-codequality": Format("gate.reporters.gitlab_codequality"),
    "gitlab-sast": Format("gate.reporters.gitlab_sast"),
    "markdown": Format("gate.reporters.markdown"),
    "github": Format("gate.reporters.github"),
    "github-output": Format("gate.reporters.github_output", appended=True),
}


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
    color: bool = False  # ANSI colours in the text report (for a terminal: gate.reporters.text.use_color)

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


class Reporter(Protocol):
    """What every reporter module provides: the whole report of a run, as text."""

    def render(self, run: RunResult, options: ReportOptions | None = None) -> str: ...


class StreamingReporter(Reporter, Protocol):
    """A reporter that can also give its report in pieces, so that a large one is written as it is made."""

    def render_chunks(self, run: RunResult, options: ReportOptions | None = None) -> Iterator[str]: ...


def reporter(name: str) -> Reporter:
    """The module of format ``name``."""
    return cast(Reporter, importlib.import_module(REPORTERS[name].module))


def chunks(name: str, options: ReportOptions | None = None) -> Callable[[RunResult], Iterable[str]]:
    """Like :func:`writer`, in pieces where the format streams, so that a large report is written as it is made
    instead of held whole."""
    module, chosen = reporter(name), options or ReportOptions()
    if REPORTERS[name].streams:
        streaming = cast(StreamingReporter, module)
        return lambda run: streaming.render_chunks(run, chosen)
    return lambda run: [module.render(run, chosen)]


def writer(name: str, options: ReportOptions | None = None) -> Writer:
    """The render function of format ``name``, with ``options`` bound."""
    module, chosen = reporter(name), options or ReportOptions()
    return lambda run: module.render(run, chosen)
