"""Who made the change (gate.blame): real git repositories, commits by two authors, the real command.

A result names the author of the last commit that changed the lines of its block (``git blame``); a block with
a line not committed yet says "not committed"; ``--no-blame`` and a tree outside git add nothing; names and
summaries written by the commit's author stay inert in every report and never change the decision."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gate.backlog.markup import Markdown
from gate.backlog.model import Finding
from gate.backlog.render import desired
from gate.model import Introduced, PolicyInfo, RunResult, Severity
from gate.reporters.who import change_request
from gate.safe import markdown
from gate.schema import check

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None,
    reason="GIT NOT INSTALLED: the blame tests are skipped (install git; .ci/run's machine has it)",
)

VOLUME = 'resource "aws_ebs_volume" "data" {\n  availability_zone = "eu-west-1a"\n  size = 8\n}\n'  # unencrypted
GROUP = """resource "aws_security_group" "web" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"""
OPEN_GROUP = GROUP.replace("10.0.0.0/8", "0.0.0.0/0")
ALICE = ("Alice Example", "alice@example.com")
BOB = ("Bob Example", "bob@example.com")


def git(root: Path, *args: str, author: tuple[str, str] = ALICE, date: str = "2026-01-05T10:00:00+01:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author[0],
        "GIT_AUTHOR_EMAIL": author[1],
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": author[0],
        "GIT_COMMITTER_EMAIL": author[1],
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root.parent),
    }
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout.strip()


def commit(root: Path, files: dict[str, str], message: str, author: tuple[str, str], date: str) -> str:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message, author=author, date=date)
    return git(root, "rev-parse", "HEAD")


def two_authors(tmp_path: Path) -> tuple[Path, str, str]:
    """Alice writes a volume and a closed group; Bob then opens the group to the internet."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    first = commit(
        root, {"main.tf": VOLUME + "\n" + GROUP}, "Add storage and web group", ALICE, "2026-01-05T10:00:00+01:00"
    )
    second = commit(
        root,
        {"main.tf": VOLUME + "\n" + OPEN_GROUP},
        "Let the office reach the web host",
        BOB,
        "2026-02-10T09:30:00-05:00",
    )
    return root, first, second


def gate(root: Path, *args: str, environ: dict[str, str] | None = None) -> tuple[int, dict[str, Any], Path]:
    out = root.parent / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("POLICY_GATE_", "TF_VAR_", "GITHUB_", "CI_", "GITLAB_"))
    }
    env.update(XDG_CACHE_HOME=str(root.parent / "cache"), XDG_STATE_HOME=str(root.parent / "state"), **(environ or {}))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gate",
            "scan",
            "--stage",
            "pr",
            "--report",
            f"json={out / 'gate.json'}",
            "--report",
            f"sarif={out / 'gate.sarif'}",
            "--report",
            f"markdown={out / 'gate.md'}",
            *args,
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (out / "gate.json").is_file(), done.stderr
    return done.returncode, json.loads((out / "gate.json").read_text(encoding="utf-8")), out


def by_type(report: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    return [r for r in report["results"] if r["resource"]["type"] == resource_type and r["status"] == "failed"]


def test_a_result_names_who_last_changed_its_block(tmp_path: Path) -> None:
    root, first, second = two_authors(tmp_path)
    code, report, out = gate(root)
    assert code == 1
    group = by_type(report, "aws_security_group")
    assert group, "the open group must fail"
    for result in group:  # Bob changed a line of the group's block: he is named, with his commit and date
        assert result["introduced"] == {
            "commit": second,
            "author": "Bob Example",
            "date": "2026-02-10T09:30:00-05:00",
            "summary": "Let the office reach the web host",
        }
    volume = by_type(report, "aws_ebs_volume")
    assert volume, "the unencrypted volume must fail"
    for result in volume:  # the volume's lines are still Alice's
        assert result["introduced"]["commit"] == first
        assert result["introduced"]["author"] == "Alice Example"
    sarif = json.loads((out / "gate.sarif").read_text(encoding="utf-8"))
    introduced = [
        r["properties"].get("introduced")
        for r in sarif["runs"][0]["results"]
        if r["properties"].get("resourceType") == "aws_security_group"
    ]
    assert introduced and all(i is not None and i["author"] == "Bob Example" for i in introduced)
    assert (
        f"introduced {markdown(second[:12] + ' by Bob Example on 2026-02-10: Let the office reach the web host')}"
        in (out / "gate.md").read_text(encoding="utf-8")
    )
    passed = [r for r in report["results"] if r["status"] == "passed"]
    assert all(r["introduced"] is None for r in passed)  # only failed and unknown results are blamed


def test_lines_not_committed_say_so(tmp_path: Path) -> None:
    root, _, _ = two_authors(tmp_path)
    (root / "new.tf").write_text(VOLUME.replace('"data"', '"scratch"'), encoding="utf-8")  # never committed
    (root / "main.tf").write_text(VOLUME.replace("size = 8", "size = 9") + "\n" + OPEN_GROUP, encoding="utf-8")
    _, report, out = gate(root)
    not_committed = {"commit": "", "author": "not committed", "date": "", "summary": ""}
    new = [r for r in by_type(report, "aws_ebs_volume") if r["location"]["file"] == "new.tf"]
    edited = [r for r in by_type(report, "aws_ebs_volume") if r["location"]["file"] == "main.tf"]
    assert new and edited
    assert all(r["introduced"] == not_committed for r in new + edited)  # never guessed from an older commit
    assert all(r["introduced"]["author"] == "Bob Example" for r in by_type(report, "aws_security_group"))
    assert "introduced not committed" in (out / "gate.md").read_text(encoding="utf-8")


def test_no_blame_and_outside_git_add_nothing_and_decide_the_same(tmp_path: Path) -> None:
    root, _, _ = two_authors(tmp_path)
    code, blamed, _ = gate(root)
    off_code, off, _ = gate(root, "--no-blame")
    assert all(r["introduced"] is None for r in off["results"]) and off["change"] is None
    outside = tmp_path / "plain"
    outside.mkdir()
    shutil.copy(root / "main.tf", outside / "main.tf")
    plain_code, plain, _ = gate(outside)
    assert all(r["introduced"] is None for r in plain["results"])
    assert not any("blame" in n for n in plain["notices"])

    def without_blame(report: dict[str, Any]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "introduced"} for r in report["results"]]

    assert code == off_code == plain_code == 1
    assert (
        (blamed["decision"], blamed["passed"])
        == (off["decision"], off["passed"])
        == (plain["decision"], plain["passed"])
    )
    assert without_blame(blamed) == without_blame(off) == without_blame(plain)


HOSTILE_AUTHOR = "Mallory ::error file=x::@org/security-team <img src=x>"
HOSTILE_SUMMARY = "\x1b[2J::add-mask::secret @everyone [click](https://evil.example) <script>alert(1)</script> | x"


def test_hostile_names_and_summaries_stay_inert_and_change_no_result(tmp_path: Path) -> None:
    root, _, _ = two_authors(tmp_path)
    sha = commit(
        root,
        {"main.tf": VOLUME + "\n" + OPEN_GROUP.replace("22", "23")},
        HOSTILE_SUMMARY,
        (HOSTILE_AUTHOR, "x@example.com"),
        "2026-03-01T00:00:00+00:00",
    )
    code, report, out = gate(root)
    text = (out / "gate.md").read_text(encoding="utf-8")
    _, off, _ = gate(root, "--no-blame")
    assert code == 1 and report["decision"] == off["decision"]
    group = by_type(report, "aws_security_group")
    assert group and all(r["introduced"]["commit"] == sha for r in group)
    held = git(root, "log", "-1", "--format=%an")  # git drops "<" and ">" from a name
    assert "@org/security-team" in held and all(
        r["introduced"]["author"] == held for r in group
    )  # data in JSON, as git holds it
    for raw in ("<img", "<script", "@org/security-team", "@everyone", "](https://evil", "\x1b", "\n::"):
        assert raw not in text, raw
    assert "| x" not in text.split("introduced", 1)[1].split("\n", 1)[0].replace("\\|", "")  # no new table cell


def test_the_change_request_comes_from_the_ci_environment(tmp_path: Path) -> None:
    root, _, _ = two_authors(tmp_path)
    github = {
        "GITHUB_REF": "refs/pull/42/merge",
        "GITHUB_ACTOR": "octocat",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/infra",
    }
    _, report, out = gate(root, environ=github)
    assert report["change"] == {
        "kind": "pull request",
        "number": "42",
        "author": "octocat",
        "url": "https://github.com/acme/infra/pull/42",
    }
    sarif = json.loads((out / "gate.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["properties"]["changeRequest"]["number"] == "42"
    assert f"For {markdown('pull request #42 by octocat (https://github.com/acme/infra/pull/42)')}" in (
        out / "gate.md"
    ).read_text(encoding="utf-8")
    assert change_request(
        {"CI_MERGE_REQUEST_IID": "7", "GITLAB_USER_LOGIN": "dev", "CI_PROJECT_URL": "https://gl.example/g/p/"}
    ) == change_request(
        {"CI_MERGE_REQUEST_IID": "7", "GITLAB_USER_LOGIN": "dev", "CI_PROJECT_URL": "https://gl.example/g/p"}
    )
    gitlab = change_request(
        {"CI_MERGE_REQUEST_IID": "7", "GITLAB_USER_LOGIN": "dev", "CI_PROJECT_URL": "https://gl.example/g/p"}
    )
    assert gitlab is not None and (gitlab.kind, gitlab.url) == (
        "merge request",
        "https://gl.example/g/p/-/merge_requests/7",
    )
    assert change_request({"GITHUB_REF": "refs/heads/main", "GITHUB_ACTOR": "octocat"}) is None  # a push: no request
    assert change_request({"CI_MERGE_REQUEST_IID": "7; rm -rf /"}) is None


def test_a_ticket_names_who_made_the_change_without_changing_its_digest(tmp_path: Path) -> None:
    root, _, second = two_authors(tmp_path)
    _, report, _ = gate(root)
    run = check(RunResult, report)
    result = next(r for r in run.results if r.resource.type == "aws_security_group" and r.introduced is not None)
    assert isinstance(result.introduced, Introduced) and result.introduced.commit == second
    policy = PolicyInfo(
        id=result.policy_id,
        title="t",
        family="network",
        severity=Severity.HIGH,
        description="d",
        remediation={"terraform": "r"},
    )
    first_seen = dt.date(2026, 2, 11)
    ticket = desired(Finding(result.fingerprint, result, policy), Markdown(), first_seen, {}, None)
    assert (
        f"**Introduced:** {markdown(f'{second[:12]} by Bob Example on 2026-02-10: Let the office reach the web host')}"
        in ticket.body
    )
    result.introduced = None
    assert (
        desired(Finding(result.fingerprint, result, policy), Markdown(), first_seen, {}, None).marker == ticket.marker
    )


def test_files_unchanged_since_added_are_named_as_blame_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history walk (gate.blame_walk) answers for files no commit changed after the one that added them; it
    must name exactly what blame names: a file moved by a rename (blame follows it), one changed later, in the
    work tree or past a merge, are left to blame."""
    from gate import blame
    from gate.blame_walk import whole_files
    from gate.model import Location, ResourceRef, Result, Status

    root, _, _ = two_authors(tmp_path)
    files = ["main.tf", "kept.tf", "moved.tf", "later.tf", "side.tf"]
    added = commit(
        root, {"kept.tf": VOLUME, "alone.tf": VOLUME, "later.tf": VOLUME}, "Volumes", ALICE, "2026-01-06T10:00:00+00:00"
    )
    git(root, "mv", "alone.tf", "moved.tf")
    git(root, "commit", "-qm", "Move it", author=BOB, date="2026-01-07T10:00:00+00:00")
    git(root, "checkout", "-qb", "side")
    side = commit(root, {"side.tf": VOLUME}, "A side branch", BOB, "2026-01-08T10:00:00+00:00")
    git(root, "checkout", "-q", "main")
    commit(root, {"later.tf": VOLUME + "\n# edited\n"}, "Edit later", BOB, "2026-01-09T10:00:00+00:00")
    (root / "main.tf").write_text((root / "main.tf").read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def walk() -> dict[str, str]:
        return whole_files(lambda *a, input_bytes=None: blame._git(root, *a, input_bytes=input_bytes), files)

    def results() -> list[Result]:
        return [
            Result(
                policy_id="X-1",
                title="t",
                severity=Severity.HIGH,
                family="encryption",
                status=Status.FAILED,
                resource=ResourceRef(address="a", type="t", format="terraform"),
                location=Location(file=f, start_line=1, end_line=4),
                message="m",
                fingerprint=f,
            )
            for f in files
            if (root / f).is_file()
        ]

    def fast_and_slow() -> tuple[list[Introduced | None], list[Introduced | None]]:
        fast = results()
        blame.annotate(fast, root)
        with monkeypatch.context() as patch:
            patch.setattr(blame, "whole_files", lambda run, files: {})
            slow = results()
            blame.annotate(slow, root)
        return [r.introduced for r in fast], [r.introduced for r in slow]

    assert walk() == {"kept.tf": added}  # moved by a rename, edited later, changed in the work tree: blamed
    fast, slow = fast_and_slow()
    assert fast == slow and all(i is not None and i.committed for i in fast)
    git(root, "merge", "-q", "--no-ff", "-m", "Merge side", "side", author=ALICE, date="2026-01-10T10:00:00+00:00")
    assert walk() == {}  # the merge is the newest commit: past it, blame answers for every file
    fast, slow = fast_and_slow()
    assert fast == slow and any(i is not None and i.commit == side for i in fast)


def test_a_repository_without_a_commit_says_not_committed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "main.tf").write_text(OPEN_GROUP, encoding="utf-8")
    (root / "HEAD").write_text("a file named like a revision\n", encoding="utf-8")
    git(root, "add", "main.tf")
    _, report, _ = gate(root)
    group = by_type(report, "aws_security_group")
    assert group and all(
        r["introduced"] == {"commit": "", "author": "not committed", "date": "", "summary": ""} for r in group
    )
    assert not any("blame" in n for n in report["notices"])
