"""Globs in linear time: waiver globs, IAM wildcards and CODEOWNERS patterns never backtrack.

The patterns below made Python's ``re`` (and ``fnmatch``) run for minutes: each ``*`` became ``.*``, and a
failing full match tries every way to split the text between them. The hanging cases run the real command in
a subprocess with a generous timeout: it must return, whatever the machine's speed (work is bounded, no time
is asserted).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gate.backlog.codeowners import compile_pattern, parse
from gate.globs import wildcard

HANGS = "a*a*a*a*a*a*a*a*a*b"  # against a long run of "a"
GENEROUS = 300  # seconds: a bound on a hang (the old matcher never returned), not a timing assertion


def _regex_wildcard(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.DOTALL)


def test_wildcards_match_as_the_regular_expressions_did() -> None:
    chooser = random.Random(7)
    for _ in range(5000):
        pattern = "".join(chooser.choice("ab*?/[") for _ in range(chooser.randint(0, 7)))
        text = "".join(chooser.choice("ab/[") for _ in range(chooser.randint(0, 9)))
        assert wildcard(pattern).fullmatch(text) == bool(_regex_wildcard(pattern).fullmatch(text)), (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("module.legacy.*", 'module.legacy.aws_s3_bucket.b["x"]', True),  # brackets are literal, not classes
        ('aws_x.y["?"]', 'aws_x.y["a"]', True),
        ("s3:get*", "s3:getobject", True),
        ("s3:get*", "s3:putobject", False),
        ("", "", True),
        ("*", "", True),
        ("a*b*c", "abc", True),
        ("a*b*c", "acb", False),
    ],
)
def test_wildcard(pattern: str, text: str, expected: bool) -> None:
    assert wildcard(pattern).fullmatch(text) is expected


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.tf", "modules/db/main.tf", True),
        ("docs/*", "docs/a.md", True),
        ("docs/*", "docs/sub/a.md", False),  # one segment only
        ("**/secrets/**", "a/b/secrets/key", True),
        ("/build/logs/", "build/logs/app.log", True),
        ("/build/logs/", "sub/build/logs/app.log", False),
        ("apps/", "apps/x/y", True),
        ("a?c", "x/abc", True),
        ("a?c", "a/c", False),
    ],
)
def test_codeowners_patterns(pattern: str, path: str, expected: bool) -> None:
    assert compile_pattern(pattern, "github").fullmatch(path) is expected


def test_matching_never_backtracks() -> None:
    """In-process: the hanging patterns answer (no time is asserted; a regression hangs the test run)."""
    text = "a" * 3000
    assert not wildcard(HANGS).fullmatch(text)
    assert not wildcard(HANGS.replace("*", "?*")).fullmatch(text)  # not the pieces fast path
    assert not compile_pattern(HANGS, "github").fullmatch(text)
    assert not compile_pattern("**/" + HANGS.replace("*", "**"), "github").fullmatch("a/" * 1500)
    assert parse(f"{HANGS} @acme/x\n").owners(text) == ()


def _run(args: list[str], cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_GATE_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return subprocess.run(
        [sys.executable, "-m", "gate", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=GENEROUS
    )


def test_a_waiver_glob_that_hung_the_scan_returns(tmp_path: Path) -> None:
    name = "a" * 300
    (tmp_path / "main.tf").write_text(f'resource "aws_ebs_volume" "{name}" {{\n  size = 1\n}}\n')
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    (tmp_path / ".gate-waivers.yaml").write_text(
        f"waivers:\n  - policy: GATE-ENC-001\n    resource: aws_ebs_volume.{HANGS}\n    reason: not this one\n"
        f"    owner: team-storage\n    expires: {expires}\n    file: {HANGS}\n"
    )
    done = _run(["scan", "--no-cache", "--stage", "pr", "--format", "json", "."], tmp_path, tmp_path)
    assert done.returncode in (0, 1), done.stderr
    statuses = {r["policy_id"]: r["status"] for r in json.loads(done.stdout)["results"]}
    assert statuses["GATE-ENC-001"] == "failed"  # not waived: the glob does not match


def test_a_codeowners_pattern_that_hung_the_backlog_returns(tmp_path: Path) -> None:
    name = "a" * 200
    (tmp_path / f"{name}.tf").write_text('resource "aws_ebs_volume" "v" {\n  size = 1\n}\n')
    (tmp_path / "CODEOWNERS").write_text(f"{HANGS} @acme/x\n*.tf @acme/terraform\n")
    report = tmp_path / "gate.json"
    scan = _run(["scan", "--no-cache", "--stage", "pr", "--report", f"json={report}", "."], tmp_path, tmp_path)
    assert scan.returncode in (0, 1), scan.stderr
    plan = _run(["backlog", "plan", "--report", str(report)], tmp_path, tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert "@acme/terraform" in plan.stdout
