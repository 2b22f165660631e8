"""Labels written to pretend: what the scanned tree names is printed inert by every printer of the real CLI.

The tree's author chooses resource names, file names and values. Here they carry an ANSI escape, a line break
followed by a GitHub workflow command (``::add-mask::``, ``::stop-commands::``), a team mention and a Markdown
image; the text, github and markdown formats, ``gate backlog sync`` and ``gate backlog plan`` and the error
line must show them as text and act on none of them. The runner treats a line as a command when, after
leading spaces, it starts with ``::`` (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = {
    "Vol\x1b[32mOK\x1b[0m\n::add-mask::s3cr3t": "an ANSI escape, a line break and a workflow command",
    "@org/team ![x](http://evil.example/p.png) <img src=x>": "a mention, an image and HTML",
    "\u202enoisserpxe": "a bidirectional override",
}


def run(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICY_GATE_", "GITHUB_", "CI_"))}
    env["XDG_CACHE_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "gate", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            name: {"Type": "AWS::EC2::Volume", "Properties": {"Size": 1, "AvailabilityZone": "eu-west-1a"}}
            for name in HOSTILE
        },
    }
    (root / "::stop-commands::tok\n.json").write_text(json.dumps(template))
    (root / ".gate.yaml").write_text("stages:\n  pr:\n    block_on: [critical, high]\n")
    return root


def assert_inert(output: str, *, commands: bool = False) -> None:
    assert "\x1b" not in output and "\u202e" not in output and "\r" not in output
    for line in output.splitlines():
        if commands:
            assert re.match(r"::(error|warning) file=", line), line  # only the gate's own annotations
        else:
            assert not line.lstrip().startswith(("::", "##[")), line


def live_markdown(output: str) -> str:
    """What Markdown would act on: the text outside code spans."""
    return re.sub(r"`[^`\n]*`", "", output)


def test_text_github_and_markdown_show_labels_as_text(tree: Path, tmp_path: Path) -> None:
    text = run(["scan", "--no-cache", "."], tree, tmp_path / "cache")
    assert text.returncode == 1, text.stderr
    assert_inert(text.stdout)
    assert "Vol\\x1b[32mOK\\x1b[0m\\n::add-mask::s3cr3t" in text.stdout  # visible, on its line
    assert "\\::stop-commands::tok\\n.json:1:" in text.stdout
    github = run(["scan", "--no-cache", "--format", "github", "."], tree, tmp_path / "cache")
    assert_inert(github.stdout, commands=True)
    markdown = run(["scan", "--no-cache", "--format", "markdown", "."], tree, tmp_path / "cache")
    assert_inert(markdown.stdout)
    live = live_markdown(markdown.stdout)
    assert "@org" not in live and "![" not in live and "<img" not in live and "http://" not in live


def test_backlog_sync_and_plan_print_labels_inert(tree: Path, tmp_path: Path) -> None:
    report = tmp_path / "gate.json"
    scan = run(["scan", "--no-cache", "--report", f"json={report}", "."], tree, tmp_path / "cache")
    assert scan.returncode == 1, scan.stderr
    for args in (["--dry-run"], []):
        sync = run(["backlog", "sync", "--report", str(report), "--tracker", "file", *args], tree, tmp_path / "cache")
        assert sync.returncode == 0, sync.stderr
        assert "s3cr3t" in sync.stdout
        assert_inert(sync.stdout + sync.stderr)
    tickets = json.loads((tree / "gate-backlog.json").read_text())
    bodies = json.dumps(tickets)
    assert "\\u001b" not in bodies and "@org" not in live_markdown("".join(t["body"] for t in tickets["items"]))
    plan = run(["backlog", "plan", "--report", str(report)], tree, tmp_path / "cache")
    assert plan.returncode == 0, plan.stderr
    assert_inert(plan.stdout)
    live = live_markdown(plan.stdout)
    assert "@org" not in live and "![" not in live and "<img" not in live


def test_an_error_line_quoting_the_tree_is_one_inert_line(tree: Path, tmp_path: Path) -> None:
    (tree / ".gate.yaml").write_text('stages:\n  pr:\n    block_on: ["x\\n::add-mask::\\u001b[2J"]\n')
    done = run(["scan", "--no-cache", "."], tree, tmp_path / "cache")
    assert done.returncode == 2
    assert_inert(done.stderr)
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("gate: error: ")
