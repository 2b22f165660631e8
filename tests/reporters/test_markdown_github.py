"""The Markdown summary (step summary, merge request comment) and GitHub's workflow-command annotations."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from gate.model import Disposition, RunResult, Status
from gate.reporters import ReportOptions, github, markdown, writer

OPEN = (Status.FAILED, Status.UNKNOWN, Status.ERROR)
GITHUB_ENV = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/infra", "GITHUB_SHA": "0a1b2c"}
GITLAB_ENV = {"CI_PROJECT_URL": "https://gitlab.example.com/acme/infra", "CI_COMMIT_SHA": "0a1b2c"}


def test_markdown_puts_the_decision_first_then_counts_and_tables(run: RunResult) -> None:
    text = markdown.render(run)
    lines = text.splitlines()
    assert lines[0].startswith("## ") and run.decision in lines[0]
    counts = next(line for line in lines if line.startswith("| ⛔ block |"))
    blocking = [r for r in run.results if r.status in OPEN and r.disposition is Disposition.BLOCK]
    assert counts.endswith(f"| {len(blocking)} |")
    assert f"### Blocking results ({len(blocking)})" in text
    backlog = [r for r in run.results if r.status in OPEN and r.disposition is Disposition.BACKLOG]
    details = text[text.index("<summary>Backlog") : text.index("</details>")]
    assert f"Backlog ({len(backlog)})" in details
    for result in backlog:
        assert f"`{result.resource.address}`" in details
    assert "RDP is reachable only through the VPN appliance" in text, "waived results are listed with their reason"
    assert "unexpected end of file" in text


def test_markdown_links_files_to_the_commit(run: RunResult) -> None:
    on_github = writer("markdown", ReportOptions.from_environment(GITHUB_ENV))(run)
    # the open ingress block (lines 6-12) of the group declared on lines 3-13: the lines to change
    assert "(https://github.com/acme/infra/blob/0a1b2c/network/main.tf#L6-L12)" in on_github
    assert "(https://github.com/acme/infra/blob/0a1b2c/broken/main.tf#L5)" in on_github
    on_gitlab = writer("markdown", ReportOptions.from_environment(GITLAB_ENV))(run)
    assert "(https://gitlab.example.com/acme/infra/-/blob/0a1b2c/network/main.tf#L6-12)" in on_gitlab
    assert "stacks/web%20app.yaml#L2-" in on_gitlab
    plain = markdown.render(run)
    assert "`network/main.tf:6`" in plain and "](" not in plain


def test_markdown_stays_under_its_size_limit_and_says_so(
    run: RunResult, grow: Callable[[RunResult, int], RunResult]
) -> None:
    big = grow(run, 12_000)
    text = markdown.render(big)
    assert len(text.encode("utf-8")) <= markdown.MAX_BYTES
    last = text.rstrip().splitlines()[-1]
    assert re.fullmatch(r"_Left out to keep this summary under 1 MiB: \d+ backlog items(, \d+ [a-z ]+)*\. .*_", last), (
        last
    )
    small = markdown.render(run)
    assert "left out" not in small


def test_markdown_table_cells_cannot_break_the_table(run: RunResult) -> None:
    first = next(r for r in run.results if r.disposition is Disposition.BLOCK and r.status is Status.FAILED)
    nasty = replace(first, message="a | b\nc <script>")
    text = markdown.render(replace(run, results=[nasty]))
    row = next(line for line in text.splitlines() if line.startswith("| critical"))
    assert "a \\| b c &lt;script&gt;" in row and row.count(" | ") == 4


def unescape_property(value: str) -> str:
    """How the Actions runner reads a property value back."""
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, plain)
    return value


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    message = match.group(3).replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    return match.group(1), {k: unescape_property(v) for k, v in properties.items()}, message


def test_annotations_for_blocking_and_backlog_results(run: RunResult) -> None:
    lines = github.render(run).splitlines()
    acted_on = [
        r for r in run.results if r.status in OPEN and r.disposition in (Disposition.BLOCK, Disposition.BACKLOG)
    ]
    assert len(lines) == len(acted_on)
    commands = [parse_command(line) for line in lines]
    assert [c for c, _, _ in commands] == sorted((c for c, _, _ in commands), key=["error", "warning"].index)
    by_title = {props["title"]: (command, props, message) for command, props, message in commands}
    command, props, message = by_title["GATE-NET-001 Security group allows SSH from the internet"]
    assert command == "error" and props["file"] == "network/main.tf"
    assert (props["line"], props["endLine"]) == ("6", "12"), "on the ingress block: the line a pull request changes"
    assert "aws_security_group.bastion" in message
    assert any(c == "warning" and p["file"] == "stacks/web app.yaml" for c, p, _ in commands)
    assert any(c == "error" and p["file"] == "broken/main.tf" and p["line"] == "5" for c, p, _ in commands)


def test_annotation_values_are_escaped_as_the_runner_reads_them(run: RunResult) -> None:
    first = next(r for r in run.results if r.disposition is Disposition.BLOCK and r.status is Status.FAILED)
    odd = replace(
        first,
        **{
            "title": "Odd: title, 100%",
            "message": "Odd: title, 100%: line one\r\nline two: 50%, done",
            "location": replace(first.location, file="dir,with:odd%chars/main.tf", start_line=0),
            "region": None,
        },
    )
    (line,) = github.render(replace(run, results=[odd])).splitlines()
    command, props, message = parse_command(line)
    assert props == {"file": "dir,with:odd%chars/main.tf", "title": f"{first.policy_id} Odd: title, 100%"}
    assert "line one\r\nline two: 50%, done" in message and "\n" not in line
