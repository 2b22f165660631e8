"""The Markdown summary fits where it is posted: a pull or merge request comment (65,536 characters on GitHub)
and GitHub's step summary (1 MiB). The decision and the blocking results come first, the backlog by severity
next, and what is left out is counted per part, exactly. Checked on the real modules of the shared corpus
through the real CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gate.cli.main import main
from gate.model import Severity
from gate.reporters import ReportOptions, markdown

COMMENT = 65_536  # https://docs.github.com/en/rest/issues/comments (body: at most 65536 characters)
STEP_SUMMARY = 1024 * 1024  # https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands


def scan_real(corpus: Path, out: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The real modules scanned once per limit (the option applies to every Markdown report of a run)."""
    texts = {}
    for limit in ("comment", "summary"):
        done = CliRunner().invoke(
            main,
            [
                "scan",
                str(corpus / "real"),
                "--format",
                "json",
                "--report",
                f"json={out / 'gate.json'}",
                "--markdown-limit",
                limit,
                "--report",
                f"markdown={out / limit}.md",
            ],
        )
        assert done.exit_code in (0, 1), done.output
        texts[limit] = (out / f"{limit}.md").read_text(encoding="utf-8")
    return json.loads((out / "gate.json").read_text(encoding="utf-8")), texts


def left_out(text: str) -> dict[str, int]:
    last = text.rstrip().splitlines()[-1]
    match = re.fullmatch(
        r"_Left out to keep this summary under [^:]+: (.*)\. The JSON, SARIF or JUnit report has every result\._", last
    )
    if match is None:
        return {}
    return {part: int(count) for count, part in (item.split(" ", 1) for item in match.group(1).split(", "))}


def test_summaries_of_the_real_corpus_fit_and_count_what_they_leave_out(corpus: Path, tmp_path: Path) -> None:
    result, texts = scan_real(corpus, tmp_path)
    text = texts["comment"]
    assert len(text) <= COMMENT and len(text.encode("utf-8")) <= COMMENT
    # a result folded under a broader finding (subsumed_by) is shown inside that finding's row, not as its own
    results = [
        r for r in result["results"] if r["status"] in ("failed", "unknown", "error") and not r.get("subsumed_by")
    ]
    blocking = [r for r in results if r["disposition"] == "block"]
    backlog = [r for r in results if r["disposition"] == "backlog"]
    assert blocking and len(backlog) > 100, "the corpus is large enough to need truncating"
    lines = text.splitlines()
    assert lines[0].startswith("## ") and result["decision"] in lines[0]
    # Every blocking result is shown, before any backlog item.
    rows = [line for line in lines if line.startswith("| ") and "`" in line and not line.startswith("| Severity")]
    assert text.index("### Blocking results") < text.index("<summary>Backlog")
    shown_backlog = text[text.index("<summary>Backlog") :].count("\n| ") - text[text.index("<summary>Backlog") :].count(
        "\n| Severity"
    )
    omitted = left_out(text)
    assert omitted.get("backlog items", 0) + shown_backlog == len(backlog)
    assert omitted["backlog items"] > 0
    assert len(rows) >= len(blocking)
    # The backlog comes by severity, most severe first.
    headings = re.findall(r"^#### (\w+) \(\d+\)$", text, re.MULTILINE)
    order = [s.value.capitalize() for s in Severity]
    assert headings == sorted(headings, key=order.index)
    # The step summary has room for more.
    text = texts["summary"]
    assert len(text.encode("utf-8")) <= STEP_SUMMARY
    assert len(text) > COMMENT, "the step summary uses the room it has"
    section = text[text.index("<summary>Backlog") :]
    assert section.count("\n| ") - section.count("\n| Severity") + left_out(text).get("backlog items", 0) == len(
        backlog
    )


@pytest.mark.parametrize("limit", [4096, 8192, COMMENT])
def test_any_limit_holds_with_a_note(run, grow, limit: int) -> None:  # type: ignore[no-untyped-def]
    text = markdown.render(grow(run, 3_000), ReportOptions(markdown_limit=limit))
    assert len(text.encode("utf-8")) <= limit
    assert left_out(text), "a truncated summary says what it left out"


def test_the_limit_option_refuses_what_it_cannot_honour() -> None:
    done = CliRunner().invoke(main, ["scan", "--markdown-limit", "12"])
    assert done.exit_code == 2 and "expected comment, summary or a number of bytes" in done.output
