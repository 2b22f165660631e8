"""The ``gitlab`` tracker: GitLab issues through the REST API v4 (gitlab.com or self-managed).

Environment: ``CI_API_V4_URL`` (set by GitLab CI; default https://gitlab.com/api/v4), ``CI_PROJECT_ID`` (the
numeric id or the ``group/project`` path) and ``GITLAB_TOKEN`` (a project, group or personal access token with
the ``api`` scope: ``CI_JOB_TOKEN`` cannot write issues). Tickets are found by listing the project's issues
with the ``policy-gate`` label in every state, following ``X-Next-Page``. Due dates are set as ``due_date``;
user owners of high and critical findings are looked up and assigned, groups get a ``team:`` label.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from gate.backlog.markup import Markdown
from gate.backlog.model import GATE_LABEL, Desired, Ticket, TrackerContext, day_of
from gate.backlog.planner import merged_labels
from gate.backlog.render import parse_marker
from gate.backlog.transport import AmbiguousWrite, HttpClient, TrackerError, client, required

DEFAULT_API = "https://gitlab.com/api/v4"
PAGE_SIZE = 100


class GitLabTracker:
    name = "gitlab"
    markup = Markdown()

    def __init__(self, http: HttpClient, project: str) -> None:
        self.http = http
        self.project = project
        self.issues = f"projects/{urllib.parse.quote(project, safe='')}/issues"
        self.user_ids: dict[str, int | None] = {}

    def target(self) -> str:
        return f"gitlab project {self.project}"

    def list_tickets(self) -> list[Ticket]:
        tickets: list[Ticket] = []
        page = "1"
        while page:
            params: dict[str, str | int] = {
                "labels": GATE_LABEL,
                "state": "all",
                "per_page": PAGE_SIZE,
                "page": page,
                "order_by": "created_at",
                "sort": "asc",
            }
            response = self.http.request("GET", self.issues, params=params)
            for issue in response.json() or []:
                ticket = _ticket(issue)
                if ticket is not None:
                    tickets.append(ticket)
            page = response.headers.get("x-next-page", "").strip()
        return tickets

    def create(self, desired: Desired) -> Ticket:
        payload = self._fields(None, desired)
        ids = [i for i in (self._user_id(name) for name in desired.assignees) if i is not None]
        if ids:
            payload["assignee_ids"] = ids
        ticket = _ticket(self.http.request("POST", self.issues, body=payload, idempotent=False).json())
        if ticket is None:
            raise TrackerError(f"gitlab: the issue created for '{desired.title}' came back without its marker")
        return ticket

    def update(self, ticket: Ticket, desired: Desired, reopen: bool) -> None:
        payload = self._fields(ticket, desired)
        if reopen:
            payload["state_event"] = "reopen"
        self.http.request("PUT", f"{self.issues}/{ticket.key}", body=payload)

    def comment(self, ticket: Ticket, text: str) -> None:
        self.http.request("POST", f"{self.issues}/{ticket.key}/notes", body={"body": text})

    def close(self, ticket: Ticket) -> None:
        self.http.request("PUT", f"{self.issues}/{ticket.key}", body={"state_event": "close"})

    def finish(self) -> None:
        return None

    def _fields(self, ticket: Ticket | None, desired: Desired) -> dict[str, Any]:
        return {
            "title": desired.title,
            "description": desired.body,
            "labels": ",".join(merged_labels(ticket, desired)),
            "due_date": desired.due.isoformat() if desired.due else None,
        }

    def _user_id(self, username: str) -> int | None:
        """The id of user ``username``; ``None`` for a group or a name GitLab does not know."""
        if username not in self.user_ids:
            try:
                found = self.http.request("GET", "users", params={"username": username}).json()
            except TrackerError as exc:
                if isinstance(exc, AmbiguousWrite) or exc.status is None:
                    raise
                found = None  # a token that may not read users: the team label still routes the finding
            first = found[0] if isinstance(found, list) and found else None
            self.user_ids[username] = first.get("id") if isinstance(first, dict) else None
        return self.user_ids[username]


def _ticket(issue: Any) -> Ticket | None:
    if not isinstance(issue, dict):
        return None
    marker = parse_marker(issue.get("description"))
    if marker is None:
        return None
    iid = issue["iid"]
    labels = tuple(str(label) for label in issue.get("labels", []))
    assignees = tuple(str(a.get("username")) for a in issue.get("assignees") or [] if isinstance(a, dict))
    return Ticket(
        str(iid),
        f"#{iid}",
        issue.get("title", ""),
        labels,
        issue.get("state") == "opened",
        marker,
        created=day_of(issue.get("created_at")),
        closed=day_of(issue.get("closed_at")),
        due=day_of(issue.get("due_date")),
        assignees=assignees,
    )


def open_tracker(context: TrackerContext) -> GitLabTracker:
    """The GitLab tracker the environment names; a missing variable is a configuration error."""
    env = context.environ
    project = required(env, "gitlab", "CI_PROJECT_ID", why="the project's id or group/project path")
    token = required(env, "gitlab", "GITLAB_TOKEN", why="a token with the api scope")
    base = env.get("CI_API_V4_URL") or DEFAULT_API
    return GitLabTracker(client(context, "gitlab", base, {"PRIVATE-TOKEN": token}, [token]), project)
