"""The ``github`` tracker: GitHub issues (github.com or GitHub Enterprise Server) through the REST API.

Environment: ``GITHUB_REPOSITORY`` (``owner/name``), ``GITHUB_TOKEN`` (or ``GH_TOKEN``; issues: write), and
``GITHUB_API_URL`` (default https://api.github.com; ``https://HOST/api/v3`` for GitHub Enterprise Server).
Tickets are found by listing the repository's issues with the ``policy-gate`` label in every state, following
the ``Link`` header; pull requests in that list are skipped. Teams cannot be assignees on GitHub: a team
owner is a ``team:`` label and, for high and critical findings, a mention in the body.
"""

from __future__ import annotations

from typing import Any

from gate.backlog.markup import Markdown
from gate.backlog.model import GATE_LABEL, Desired, Ticket, TrackerContext, day_of
from gate.backlog.planner import merged_labels
from gate.backlog.render import parse_marker
from gate.backlog.transport import HttpClient, TrackerError, client, next_link, required

DEFAULT_API = "https://api.github.com"
PAGE_SIZE = 100


class GitHubTracker:
    name = "github"
    markup = Markdown()

    def __init__(self, http: HttpClient, repository: str, page_size: int = PAGE_SIZE) -> None:
        self.http = http
        self.repository = repository
        self.page_size = page_size
        self.issues = f"repos/{repository}/issues"

    def target(self) -> str:
        return f"github {self.repository}"

    def list_tickets(self) -> list[Ticket]:
        tickets: list[Ticket] = []
        url: str | None = self.issues
        params: dict[str, str | int] | None = {
            "labels": GATE_LABEL,
            "state": "all",
            "per_page": self.page_size,
            "sort": "created",
            "direction": "asc",
        }
        while url:
            response = self.http.request("GET", url, params=params)
            for issue in response.json() or []:
                ticket = _ticket(issue)
                if ticket is not None:
                    tickets.append(ticket)
            url, params = next_link(response.headers), None
        return tickets

    def create(self, desired: Desired) -> Ticket:
        payload: dict[str, Any] = {"title": desired.title, "body": desired.body, "labels": list(desired.labels)}
        if desired.assignees:
            payload["assignees"] = list(desired.assignees)
        try:
            issue = self.http.request("POST", self.issues, body=payload, idempotent=False).json()
        except TrackerError as exc:
            if exc.status != 422 or "assignees" not in payload:
                raise
            # An owner who cannot be assigned (no access to the repository): the team label still routes it.
            del payload["assignees"]
            issue = self.http.request("POST", self.issues, body=payload, idempotent=False).json()
        ticket = _ticket(issue)
        if ticket is None:
            raise TrackerError(f"github: the issue created for '{desired.title}' came back without its marker")
        return ticket

    def update(self, ticket: Ticket, desired: Desired, reopen: bool) -> None:
        payload: dict[str, Any] = {
            "title": desired.title,
            "body": desired.body,
            "labels": merged_labels(ticket, desired),
        }
        if reopen:
            payload.update(state="open", state_reason="reopened")
        self.http.request("PATCH", f"{self.issues}/{ticket.key}", body=payload)

    def comment(self, ticket: Ticket, text: str) -> None:
        self.http.request("POST", f"{self.issues}/{ticket.key}/comments", body={"body": text})

    def close(self, ticket: Ticket) -> None:
        self.http.request("PATCH", f"{self.issues}/{ticket.key}", body={"state": "closed", "state_reason": "completed"})

    def finish(self) -> None:
        return None


def _ticket(issue: Any) -> Ticket | None:
    if not isinstance(issue, dict) or "pull_request" in issue:
        return None
    marker = parse_marker(issue.get("body"))
    if marker is None:
        return None
    labels = tuple(label["name"] if isinstance(label, dict) else str(label) for label in issue.get("labels", []))
    number = issue["number"]
    assignees = tuple(str(a.get("login")) for a in issue.get("assignees") or [] if isinstance(a, dict))
    return Ticket(
        str(number),
        f"#{number}",
        issue.get("title", ""),
        labels,
        issue.get("state") == "open",
        marker,
        created=day_of(issue.get("created_at")),
        closed=day_of(issue.get("closed_at")),
        assignees=assignees,
    )


def open_tracker(context: TrackerContext) -> GitHubTracker:
    """The GitHub tracker the environment names; a missing variable is a configuration error."""
    env = context.environ
    repository = required(env, "github", "GITHUB_REPOSITORY", why="owner/name of the repository")
    token = required(env, "github", "GITHUB_TOKEN", "GH_TOKEN", why="a token that may write issues")
    base = env.get("GITHUB_API_URL") or DEFAULT_API
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }
    return GitHubTracker(client(context, "github", base, headers, [token]), repository)
