"""What the backlog tests share: a copy of the fixture repository to edit and scan for real, and a harness
around each tracker's local server (tracker_servers.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker_servers import FakeGitHub, FakeGitLab, FakeJira, FakeTracker

from gate.api import ScanOptions, backlog_settings, scan
from gate.backlog.planner import Plan
from gate.backlog.render import parse_marker
from gate.backlog.sync import SyncOptions, sync
from gate.reporters import json_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "backlog"
DAY_ONE = dt.date(2026, 1, 15)
COMMIT = "0123456789abcdef0123456789abcdef01234567"


class Repo:
    """A copy of the fixture repository that tests edit and scan."""

    def __init__(self, root: Path, reports: Path) -> None:
        self.root = root
        self.reports = reports
        self.count = 0

    def edit(self, relative: str, change: Callable[[str], str]) -> None:
        path = self.root / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    def fix_data_volume(self) -> None:
        self.edit(
            "infra/main.tf",
            lambda t: t.replace("size              = 100", "size              = 100\n  encrypted         = true"),
        )

    def break_data_volume(self) -> None:
        self.edit("infra/main.tf", lambda t: t.replace("\n  encrypted         = true", ""))

    def scan(self, *paths: str) -> Path:
        """Scan ``paths`` (default: infra and app) for real and write the JSON report; return its path."""
        self.count += 1
        options = ScanOptions(paths=[Path(p) for p in paths or ("infra", "app")], cwd=self.root, parse_cache=False)
        report = self.reports / f"gate-{self.count}.json"
        report.write_text(json_report.render(scan(options)), encoding="utf-8")
        return report


@dataclass
class View:
    """A ticket as the tests look at it, whatever the tracker."""

    key: int
    fingerprint: str
    open: bool
    title: str
    labels: set[str]
    body: str
    comments: list[str]
    assignees: list[Any] = field(default_factory=list)
    due: str | None = None


@dataclass
class Harness:
    """A tracker under test: its server, the environment that points at it, and the paths of its calls."""

    name: str
    server: FakeTracker
    env: dict[str, str]
    secrets: list[str]
    create: tuple[str, str]
    update: tuple[str, str]
    close: tuple[str, str]
    listing: tuple[str, str]
    comment: tuple[str, str]
    sleeps: list[float] = field(default_factory=list)
    output: list[str] = field(default_factory=list)

    def sync(self, repo: Repo, report: Path, today: dt.date = DAY_ONE, **options: Any) -> Plan:
        """``gate backlog sync`` through the library face, with the sleeps recorded instead of waited."""
        options.setdefault("commit", COMMIT)
        settings = backlog_settings(repo.root, options.pop("config", None))
        return sync(
            SyncOptions(
                report=report,
                tracker=self.name,
                environ=self.env,
                cwd=repo.root,
                today=today,
                sleep=self.sleeps.append,
                timeout=0.3,
                settings=settings,
                **options,
            ),
            self.output.append,
        )

    def tickets(self) -> list[View]:
        views = []
        for number, issue in sorted(self.server.issues.items()):
            if "pull_request" in issue:
                continue
            views.append(self._view(number, issue))
        return views

    def _view(self, number: int, issue: dict[str, Any]) -> View:
        comments = self.server.comments[number]
        if self.name == "github":
            marker = parse_marker(issue["body"])
            assert marker is not None
            return View(
                number,
                marker.fingerprint,
                issue["state"] == "open",
                issue["title"],
                {label["name"] for label in issue["labels"]},
                issue["body"],
                comments,
                [a["login"] for a in issue.get("assignees", [])],
            )
        if self.name == "gitlab":
            marker = parse_marker(issue["description"])
            assert marker is not None
            return View(
                number,
                marker.fingerprint,
                issue["state"] == "opened",
                issue["title"],
                set(issue["labels"]),
                issue["description"],
                comments,
                issue["assignee_ids"],
                issue["due_date"],
            )
        marker = parse_marker(issue["description"])
        assert marker is not None
        # Jira's wiki markup escapes with backslashes: the tests read the text as Jira shows it.
        return View(
            number,
            marker.fingerprint,
            issue["status"] != "Done",
            issue["summary"],
            set(issue["labels"]),
            issue["description"].replace("\\", ""),
            [c.replace("\\", "") for c in comments],
            [],
            issue["duedate"],
        )


TOKENS = {
    "github": "ghp_SECRETtokenFORtests0001",
    "gitlab": "glpat-SECRETtokenFORtests02",
    "jira": "ATATT3xSECRETtokenFORtests3",
}


def make_harness(name: str) -> Harness:
    token = TOKENS[name]
    if name == "github":
        github = FakeGitHub(token, collaborators=("alice", "bob"))
        env = {
            "GITHUB_API_URL": github.origin,
            "GITHUB_REPOSITORY": "acme/app",
            "GITHUB_TOKEN": token,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_SHA": COMMIT,
        }
        return Harness(
            name,
            github,
            env,
            [token],
            ("POST", r"/issues$"),
            ("PATCH", r"/issues/\d+$"),
            ("PATCH", r"/issues/\d+$"),
            ("GET", r"/issues$"),
            ("POST", r"/comments$"),
        )
    if name == "gitlab":
        gitlab = FakeGitLab(token, users={"alice": 7, "bob": 8})
        env = {
            "CI_API_V4_URL": gitlab.origin + "/api/v4",
            "CI_PROJECT_ID": "42",
            "GITLAB_TOKEN": token,
            "CI_PROJECT_URL": "https://gitlab.example/acme/app",
            "CI_COMMIT_SHA": COMMIT,
        }
        return Harness(
            name,
            gitlab,
            env,
            [token],
            ("POST", r"/issues$"),
            ("PUT", r"/issues/\d+$"),
            ("PUT", r"/issues/\d+$"),
            ("GET", r"/issues$"),
            ("POST", r"/notes$"),
        )
    import base64

    jira = FakeJira(token)
    env = {"JIRA_URL": jira.origin, "JIRA_PROJECT": "SEC", "JIRA_USER": jira.user, "JIRA_API_TOKEN": token}
    basic = base64.b64encode(f"{jira.user}:{token}".encode()).decode()
    return Harness(
        name,
        jira,
        env,
        [token, basic],
        ("POST", r"/issue$"),
        ("PUT", r"/issue/SEC-\d+$"),
        ("POST", r"/transitions$"),
        ("GET", r"/search$"),
        ("POST", r"/comment$"),
    )
