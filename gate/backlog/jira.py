"""The ``jira`` tracker: Jira issues through the REST API v2 (Jira Cloud, Server and Data Center).

Environment: ``JIRA_URL`` (``https://acme.atlassian.net``), ``JIRA_PROJECT`` (the project key),
``JIRA_API_TOKEN``, and ``JIRA_USER`` (the account's e-mail on Jira Cloud: basic authentication; leave it
unset to send the token as a bearer token, as Data Center's personal access tokens expect);
``JIRA_ISSUE_TYPE`` (default ``Task``). Tickets are found with the JQL ``project = KEY AND labels =
policy-gate``, every page (``startAt``/``total``). Bodies are wiki markup; Jira has no hidden text, so the
marker is a grey line at the end. Owners become ``team:`` labels (Jira assignees are account ids, which
CODEOWNERS does not know). Due dates are set as ``duedate`` unless the project's screens refuse the field.
"""

from __future__ import annotations

import base64
from typing import Any

from gate.backlog.markup import JiraWiki
from gate.backlog.model import GATE_LABEL, Desired, Ticket, TrackerContext, day_of
from gate.backlog.planner import merged_labels
from gate.backlog.render import parse_marker
from gate.backlog.transport import HttpClient, TrackerError, client, required

PAGE_SIZE = 100
API = "rest/api/2"


class JiraTracker:
    name = "jira"
    markup = JiraWiki()

    def __init__(self, http: HttpClient, project: str, issue_type: str = "Task") -> None:
        self.http = http
        self.project = project
        self.issue_type = issue_type
        self.due_dates = True  # until the project refuses the field

    def target(self) -> str:
        return f"jira project {self.project}"

    def list_tickets(self) -> list[Ticket]:
        tickets: list[Ticket] = []
        jql = f'project = "{self.project}" AND labels = "{GATE_LABEL}" ORDER BY created ASC'
        start = 0
        while True:
            params: dict[str, str | int] = {
                "jql": jql,
                "startAt": start,
                "maxResults": PAGE_SIZE,
                "fields": "summary,description,labels,status,created,resolutiondate,duedate,assignee",
            }
            page = self.http.request("GET", f"{API}/search", params=params).json() or {}
            issues = page.get("issues") or []
            for issue in issues:
                ticket = _ticket(issue)
                if ticket is not None:
                    tickets.append(ticket)
            start += len(issues)
            if not issues or start >= int(page.get("total", 0)):
                return tickets

    def create(self, desired: Desired) -> Ticket:
        fields = {
            "project": {"key": self.project},
            "issuetype": {"name": self.issue_type},
            **self._fields(None, desired),
        }
        created = self._write("POST", f"{API}/issue", fields, idempotent=False).json() or {}
        key = str(created.get("key", ""))
        if not key:
            raise TrackerError(f"jira: the issue created for '{desired.title}' came back without a key")
        return Ticket(key, key, desired.title, desired.labels, True, desired.marker)

    def update(self, ticket: Ticket, desired: Desired, reopen: bool) -> None:
        self._write("PUT", f"{API}/issue/{ticket.key}", self._fields(ticket, desired))
        if reopen:
            self._transition(ticket, done=False)

    def comment(self, ticket: Ticket, text: str) -> None:
        self.http.request("POST", f"{API}/issue/{ticket.key}/comment", body={"body": self.markup.text(text)})

    def close(self, ticket: Ticket) -> None:
        self._transition(ticket, done=True)

    def finish(self) -> None:
        return None

    def _fields(self, ticket: Ticket | None, desired: Desired) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "summary": desired.title,
            "description": desired.body,
            "labels": merged_labels(ticket, desired),
        }
        if self.due_dates:
            fields["duedate"] = desired.due.isoformat() if desired.due else None
        return fields

    def _write(self, method: str, path: str, fields: dict[str, Any], idempotent: bool = True) -> Any:
        try:
            return self.http.request(method, path, body={"fields": fields}, idempotent=idempotent)
        except TrackerError as exc:
            if exc.status != 400 or "duedate" not in str(exc) or "duedate" not in fields:
                raise
            self.due_dates = False  # the field is not on the project's screens: the body still says it
            return self.http.request(
                method,
                path,
                body={"fields": {k: v for k, v in fields.items() if k != "duedate"}},
                idempotent=idempotent,
            )

    def _transition(self, ticket: Ticket, done: bool) -> None:
        """Move the issue to a status of the "done" category (close) or out of it (reopen)."""
        found = self.http.request("GET", f"{API}/issue/{ticket.key}/transitions").json() or {}
        choices = [t for t in found.get("transitions", []) if isinstance(t, dict)]
        wanted = [t for t in choices if (_category(t.get("to")) == "done") == done]
        wanted.sort(key=lambda t: _category(t.get("to")) != "new")  # reopen to "To Do" rather than "In Progress"
        if not wanted:
            names = ", ".join(str(t.get("name")) for t in choices) or "none"
            raise TrackerError(
                f"jira: {ticket.ref} has no transition to {'a done' if done else 'an open'} status (available: {names})"
            )
        self.http.request("POST", f"{API}/issue/{ticket.key}/transitions", body={"transition": {"id": wanted[0]["id"]}})


def _category(status: Any) -> str:
    category = status.get("statusCategory") if isinstance(status, dict) else None
    return str(category.get("key", "")) if isinstance(category, dict) else ""


def _ticket(issue: Any) -> Ticket | None:
    if not isinstance(issue, dict):
        return None
    fields = issue.get("fields") or {}
    marker = parse_marker(fields.get("description"))
    if marker is None:
        return None
    key = str(issue["key"])
    labels = tuple(str(label) for label in fields.get("labels") or [])
    assignee = fields.get("assignee") if isinstance(fields.get("assignee"), dict) else {}
    who = str(assignee.get("displayName") or assignee.get("accountId") or "") if assignee else ""
    return Ticket(
        key,
        key,
        fields.get("summary", ""),
        labels,
        _category(fields.get("status")) != "done",
        marker,
        created=day_of(fields.get("created")),
        closed=day_of(fields.get("resolutiondate")),
        due=day_of(fields.get("duedate")),
        assignees=(who,) if who else (),
    )


def open_tracker(context: TrackerContext) -> JiraTracker:
    """The Jira tracker the environment names; a missing variable is a configuration error."""
    env = context.environ
    url = required(env, "jira", "JIRA_URL", why="e.g. https://acme.atlassian.net")
    project = required(env, "jira", "JIRA_PROJECT", why="the project key")
    token = required(env, "jira", "JIRA_API_TOKEN", why="an API token")
    user = env.get("JIRA_USER", "").strip()
    secrets = [token]
    if user:
        basic = base64.b64encode(f"{user}:{token}".encode()).decode("ascii")
        headers, secrets = {"Authorization": f"Basic {basic}"}, [token, basic]
    else:
        headers = {"Authorization": f"Bearer {token}"}
    http = client(context, "jira", url.rstrip("/") + "/", headers, secrets)
    return JiraTracker(http, project, env.get("JIRA_ISSUE_TYPE") or "Task")
