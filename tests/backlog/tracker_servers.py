"""Local stand-ins for the trackers' REST APIs, served over real HTTP on 127.0.0.1 (an ephemeral port, a
thread per server) so that the trackers are tested through the same client they use in CI.

Each keeps issues in memory with labels, states and comments, pages with small page sizes (2 per page, as a
server with a low maximum would), checks the token, and takes injected failures: a status with headers
(429 + Retry-After, 502, GitHub's rate-limit 403), a delay longer than the client's timeout, or a write that
is carried out and then answered with a failure (the response is lost).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], Any]


@dataclass
class Failure:
    method: str
    path: re.Pattern[str]
    status: int = 502
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1  # how many matching requests fail (-1: all of them)
    skip: int = 0  # matching requests to let through first
    after: bool = False  # carry the request out, then fail (the answer is lost)
    delay: float = 0.0  # wait this long before answering (longer than the client's timeout: a timeout)
    echo_auth: bool = False  # put the request's Authorization header in the error body (tests redaction)


class FakeTracker:
    """The shared part: HTTP plumbing, the token check, failure injection and a log of requests."""

    page_size = 2

    def __init__(self, token: str) -> None:
        self.token = token
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, list[str]] = defaultdict(list)
        self.log: list[tuple[str, str]] = []
        self.failures: list[Failure] = []
        self.lock = threading.Lock()
        self.now = "2026-01-05T09:30:00Z"  # the server's clock: what it stamps on created and closed issues
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                fake._handle(self)

            do_GET = do_POST = do_PUT = do_PATCH = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, method: str, path: str, **options: Any) -> Failure:
        """Make requests ``method`` to paths matching ``path`` (a regular expression) fail."""
        failure = Failure(method, re.compile(path), **options)
        self.failures.append(failure)
        return failure

    def writes(self) -> list[tuple[str, str]]:
        """Every request that may change something, in order."""
        return [(m, p) for m, p in self.log if m != "GET"]

    def reset_log(self) -> None:
        self.log.clear()

    # -- plumbing ------------------------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        split = urllib.parse.urlsplit(request.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(split.query).items()}
        length = int(request.headers.get("Content-Length") or 0)
        body = json.loads(request.rfile.read(length)) if length else None
        method, path = request.command, split.path
        with self.lock:
            self.log.append((method, path))
            failure = self._failure(method, path)
            if not self.authorized(request.headers.get("Authorization"), request.headers.get("PRIVATE-TOKEN")):
                answer: Answer = (401, {}, {"message": "Bad credentials"})
            elif failure is not None and not failure.after:
                auth = request.headers.get("Authorization") or request.headers.get("PRIVATE-TOKEN") or ""
                message = f"injected failure (credentials {auth})" if failure.echo_auth else "injected failure"
                answer = (failure.status, failure.headers, {"message": message})
            else:
                answer = self.route(method, path, query, body)
                if failure is not None:
                    answer = (failure.status, failure.headers, {"message": "injected failure after the write"})
        if failure is not None and failure.delay:
            threading.Event().wait(failure.delay)
        status, headers, payload = answer
        data = b"" if payload is None else json.dumps(payload).encode()
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _failure(self, method: str, path: str) -> Failure | None:
        """The first injected failure that applies; every matching one counts the request against its skip."""
        chosen = None
        for failure in self.failures:
            if failure.method != method or not failure.path.search(path) or failure.times == 0:
                continue
            if failure.skip:
                failure.skip -= 1
            elif chosen is None:
                chosen = failure
                failure.times -= 1 if failure.times > 0 else 0
        return chosen

    def page(self, items: list[Any], number: int, size: int) -> tuple[list[Any], bool]:
        size = min(size, self.page_size)
        start = (number - 1) * size
        return items[start : start + size], start + size < len(items)

    def authorized(self, authorization: str | None, private_token: str | None) -> bool:
        raise NotImplementedError

    def route(self, method: str, path: str, query: dict[str, str], body: Any) -> Answer:
        raise NotImplementedError


class FakeGitHub(FakeTracker):
    """``/repos/{owner}/{repo}/issues``: list (labels, state, per_page, page; ``Link`` header), create, update,
    comment. Assignees must be collaborators (422 otherwise), as on GitHub."""

    def __init__(self, token: str, repository: str = "acme/app", collaborators: tuple[str, ...] = ()) -> None:
        super().__init__(token)
        self.repository = repository
        self.collaborators = set(collaborators)

    def authorized(self, authorization: str | None, private_token: str | None) -> bool:
        return authorization == f"Bearer {self.token}"

    def add_pull_request(self, labels: list[str]) -> None:
        number = len(self.issues) + 1
        self.issues[number] = {
            "number": number,
            "title": "A pull request",
            "body": "",
            "state": "open",
            "labels": [{"name": n} for n in labels],
            "pull_request": {"url": "..."},
        }

    def route(self, method: str, path: str, query: dict[str, str], body: Any) -> Answer:
        base = f"/repos/{self.repository}/issues"
        if path == base and method == "GET":
            wanted = query.get("labels", "")
            state = query.get("state", "open")
            found = [
                i
                for n, i in sorted(self.issues.items())
                if wanted in {label["name"] for label in i["labels"]} and (state == "all" or i["state"] == state)
            ]
            number = int(query.get("page", "1"))
            items, more = self.page(found, number, int(query.get("per_page", "30")))
            headers = {}
            if more:
                following = urllib.parse.urlencode({**query, "page": number + 1})
                headers["Link"] = (
                    f'<{self.origin}{base}?{following}>; rel="next", <{self.origin}{base}?page=99>; rel="last"'
                )
            return 200, headers, items
        if path == base and method == "POST":
            if not set(body.get("assignees", [])) <= self.collaborators:
                return 422, {}, {"message": "Validation Failed", "errors": [{"field": "assignees", "code": "invalid"}]}
            number = len(self.issues) + 1
            self.issues[number] = {
                "number": number,
                "title": body["title"],
                "body": body["body"],
                "state": "open",
                "created_at": self.now,
                "closed_at": None,
                "labels": [{"name": n} for n in body["labels"]],
                "assignees": [{"login": a} for a in body.get("assignees", [])],
            }
            return 201, {}, self.issues[number]
        match = re.fullmatch(re.escape(base) + r"/(\d+)(/comments)?", path)
        if match is None or int(match[1]) not in self.issues:
            return 404, {}, {"message": "Not Found"}
        issue = self.issues[int(match[1])]
        if match[2] and method == "POST":
            self.comments[issue["number"]].append(body["body"])
            return 201, {}, {"body": body["body"]}
        if not match[2] and method == "PATCH":
            for key in ("title", "body", "state", "state_reason"):
                if key in body:
                    issue[key] = body[key]
            if "state" in body:
                issue["closed_at"] = self.now if body["state"] == "closed" else None
            if "labels" in body:
                issue["labels"] = [{"name": n} for n in body["labels"]]
            return 200, {}, issue
        return 405, {}, {"message": "Method not allowed"}


class FakeGitLab(FakeTracker):
    """``/api/v4/projects/:id/issues``: list (labels, state, per_page, page; ``X-Next-Page``), create, update
    (``state_event``), notes, and ``/users?username=``."""

    def __init__(self, token: str, project: str = "42", users: dict[str, int] | None = None) -> None:
        super().__init__(token)
        self.project = project
        self.users = users or {}

    def authorized(self, authorization: str | None, private_token: str | None) -> bool:
        return private_token == self.token

    def route(self, method: str, path: str, query: dict[str, str], body: Any) -> Answer:
        base = f"/api/v4/projects/{urllib.parse.quote(self.project, safe='')}/issues"
        if path == "/api/v4/users" and method == "GET":
            name = query.get("username", "")
            return 200, {}, [{"id": self.users[name], "username": name}] if name in self.users else []
        if path == base and method == "GET":
            wanted, state = query.get("labels", ""), query.get("state", "all")
            found = [
                i
                for n, i in sorted(self.issues.items())
                if wanted in i["labels"] and (state == "all" or i["state"] == state)
            ]
            number = int(query.get("page", "1"))
            items, more = self.page(found, number, int(query.get("per_page", "20")))
            return 200, {"X-Next-Page": str(number + 1) if more else "", "X-Page": str(number)}, items
        if path == base and method == "POST":
            iid = len(self.issues) + 1
            self.issues[iid] = {
                "iid": iid,
                "title": body["title"],
                "description": body["description"],
                "labels": body["labels"].split(","),
                "state": "opened",
                "due_date": body.get("due_date"),
                "created_at": self.now.replace("Z", ".000Z"),
                "closed_at": None,
                "assignee_ids": body.get("assignee_ids", []),
            }
            return 201, {}, self.issues[iid]
        match = re.fullmatch(re.escape(base) + r"/(\d+)(/notes)?", path)
        if match is None or int(match[1]) not in self.issues:
            return 404, {}, {"message": "404 Not found"}
        issue = self.issues[int(match[1])]
        if match[2] and method == "POST":
            self.comments[issue["iid"]].append(body["body"])
            return 201, {}, {"body": body["body"]}
        if not match[2] and method == "PUT":
            for key in ("title", "description", "due_date"):
                if key in body:
                    issue[key] = body[key]
            if "labels" in body:
                issue["labels"] = body["labels"].split(",")
            event = body.get("state_event")
            if event:
                issue["state"] = {"close": "closed", "reopen": "opened"}[event]
                issue["closed_at"] = self.now.replace("Z", ".000Z") if event == "close" else None
            return 200, {}, issue
        return 405, {}, {"message": "405 Method Not Allowed"}


_STATUSES = {"To Do": "new", "In Progress": "indeterminate", "Done": "done"}
_TRANSITIONS = {"11": "To Do", "21": "In Progress", "31": "Done"}


class FakeJira(FakeTracker):
    """``/rest/api/2``: search (JQL on project and label; ``startAt``/``total``), create, edit, comment and
    workflow transitions (To Do, In Progress, Done). ``refuse_duedate`` answers 400 as a project whose screens
    lack the field."""

    def __init__(self, token: str, user: str = "bot@acme.example", project: str = "SEC") -> None:
        super().__init__(token)
        self.user = user
        self.project = project
        self.refuse_duedate = False

    def authorized(self, authorization: str | None, private_token: str | None) -> bool:
        expected = base64.b64encode(f"{self.user}:{self.token}".encode()).decode()
        return authorization == f"Basic {expected}"

    def issue(self, number: int) -> dict[str, Any]:
        return self.issues[number]

    def route(self, method: str, path: str, query: dict[str, str], body: Any) -> Answer:
        if path == "/rest/api/2/search" and method == "GET":
            labels = re.findall(r'labels = "([^"]+)"', query.get("jql", ""))
            found = [
                self._view(i) for n, i in sorted(self.issues.items()) if all(label in i["labels"] for label in labels)
            ]
            start, size = int(query.get("startAt", "0")), min(int(query.get("maxResults", "50")), self.page_size)
            return (
                200,
                {},
                {"startAt": start, "maxResults": size, "total": len(found), "issues": found[start : start + size]},
            )
        if path == "/rest/api/2/issue" and method == "POST":
            fields = body["fields"]
            if self.refuse_duedate and "duedate" in fields:
                return 400, {}, {"errorMessages": [], "errors": {"duedate": "Field 'duedate' cannot be set."}}
            number = len(self.issues) + 1
            self.issues[number] = {
                "key": f"{self.project}-{number}",
                "summary": fields["summary"],
                "description": fields["description"],
                "labels": fields["labels"],
                "status": "To Do",
                "duedate": fields.get("duedate"),
                "created": self.now.replace("Z", ".000+0000"),
                "resolutiondate": None,
            }
            return 201, {}, {"id": str(10000 + number), "key": f"{self.project}-{number}"}
        match = re.fullmatch(r"/rest/api/2/issue/" + re.escape(self.project) + r"-(\d+)(/comment|/transitions)?", path)
        if match is None or int(match[1]) not in self.issues:
            return 404, {}, {"errorMessages": ["Issue does not exist"]}
        issue = self.issues[int(match[1])]
        if match[2] == "/comment" and method == "POST":
            self.comments[int(match[1])].append(body["body"])
            return 201, {}, {"body": body["body"]}
        if match[2] == "/transitions" and method == "GET":
            return (
                200,
                {},
                {
                    "transitions": [
                        {"id": tid, "name": name, "to": {"name": name, "statusCategory": {"key": _STATUSES[name]}}}
                        for tid, name in _TRANSITIONS.items()
                        if name != issue["status"]
                    ]
                },
            )
        if match[2] == "/transitions" and method == "POST":
            issue["status"] = _TRANSITIONS[body["transition"]["id"]]
            done = _STATUSES[issue["status"]] == "done"
            issue["resolutiondate"] = self.now.replace("Z", ".000+0000") if done else None
            return 204, {}, None
        if match[2] is None and method == "PUT":
            fields = body["fields"]
            if self.refuse_duedate and "duedate" in fields:
                return 400, {}, {"errorMessages": [], "errors": {"duedate": "Field 'duedate' cannot be set."}}
            issue.update({k: v for k, v in fields.items() if k in ("summary", "description", "labels", "duedate")})
            return 204, {}, None
        return 405, {}, {"errorMessages": ["Method not allowed"]}

    def _view(self, issue: dict[str, Any]) -> dict[str, Any]:
        status = issue["status"]
        return {
            "key": issue["key"],
            "fields": {
                "summary": issue["summary"],
                "description": issue["description"],
                "labels": issue["labels"],
                "status": {"name": status, "statusCategory": {"key": _STATUSES[status]}},
                "created": issue["created"],
                "resolutiondate": issue["resolutiondate"],
                "duedate": issue["duedate"],
            },
        }
