"""Every report is a function of the scan: the same input gives the same bytes, whatever order the files are
named in. The only times written are GitLab SAST's scan start and end, which its schema requires."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from gate.model import RunResult
from gate.reporters import REPORTERS, ReportOptions, reporter, writer

FIXED = ReportOptions(
    scan_started=dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC),
    scan_finished=dt.datetime(2026, 1, 15, 9, 31, tzinfo=dt.UTC),
    source_url="https://github.com/acme/infra/blob/0a1b2c/",
)
ISSUE_FORMATS = {
    "json",
    "junit",
    "sarif",
    "gitlab-codequality",
    "gitlab-sast",
    "markdown",
    "github",
    "github-output",
    "text",
}


def test_every_format_of_the_issue_is_listed() -> None:
    assert set(REPORTERS) == ISSUE_FORMATS


@pytest.mark.parametrize("name", sorted(ISSUE_FORMATS))
def test_every_reporter_satisfies_the_protocol(name: str) -> None:
    """render(run, options), and render_chunks(run, options) for the formats listed as streaming."""
    import inspect

    module = reporter(name)
    wanted = ["render_chunks", "render"] if REPORTERS[name].streams else ["render"]
    for function in wanted:
        parameters = list(inspect.signature(getattr(module, function)).parameters)
        assert parameters[:2] == ["run", "options"], (name, function, parameters)


@pytest.mark.parametrize("name", sorted(ISSUE_FORMATS))
def test_rendering_twice_gives_the_same_bytes(run: RunResult, name: str) -> None:
    render = writer(name, FIXED)
    first = render(run)
    assert first and render(run).encode("utf-8") == first.encode("utf-8")


@pytest.mark.parametrize("name", sorted(ISSUE_FORMATS))
def test_file_order_does_not_change_a_report(
    scan_inputs: Callable[..., RunResult], input_paths: list[str], name: str
) -> None:
    forward = scan_inputs(input_paths)
    backward = scan_inputs(list(reversed(input_paths)))
    render = writer(name, FIXED)
    assert render(forward) == render(backward)


def test_only_gitlab_sast_carries_times(run: RunResult) -> None:
    stamp = "2026-01-15"
    for name in sorted(ISSUE_FORMATS - {"gitlab-sast"}):
        assert stamp not in writer(name, FIXED)(run), name
    assert stamp in writer("gitlab-sast", FIXED)(run)
