"""Ticket text and the HTTP layer: owner tags, the marker, what scanned code may not do to a ticket (mentions,
HTML), Jira markup, Retry-After dates, and redirects that would carry the token to another host."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from backlog_support import Repo

from gate.api import ScanOptions, scan
from gate.backlog.codeowners import parse
from gate.backlog.findings import collect, route
from gate.backlog.markup import JiraWiki, Markdown
from gate.backlog.model import Finding, Marker
from gate.backlog.render import desired, marker_text, parse_marker
from gate.backlog.settings import DEFAULT_DUE
from gate.backlog.transport import HttpClient, Redactor, Response, TrackerError, next_link
from gate.model import Evidence, Result, RunResult
from gate.reporters import json_report
from gate.schema import check


def scanned(repo: Repo) -> RunResult:
    return check(RunResult, json.loads(repo.scan().read_text(encoding="utf-8")))


def data_volume(run: RunResult) -> Result:
    return next(r for r in run.results if r.resource.address == "aws_ebs_volume.data" and r.status.value == "failed")


def test_an_owner_tag_in_the_evidence_routes_before_codeowners(repo: Repo) -> None:
    result = data_volume(scanned(repo))
    owners = parse("* @acme/platform\n")
    assert route(result, owners) == (("@acme/platform",), "CODEOWNERS")  # the report carries no tags today
    tagged = replace(result, evidence=[Evidence(attribute='tags["team"]', value="data-platform")])
    assert route(tagged, owners) == (("data-platform",), "resource tag team")


def test_the_marker_survives_any_file_name() -> None:
    marker = Marker("0123abcd", "stacks/web app_1/main -->.tf", dt.date(2026, 1, 15), "beef")
    assert parse_marker("text before\n<!-- " + marker_text(marker) + " -->\n") == marker
    assert parse_marker("a ticket someone else wrote") is None


def test_scanned_code_cannot_mention_people_or_inject_html(repo: Repo) -> None:
    run = scanned(repo)
    result = replace(data_volume(run), message="<img src=x onerror=alert(1)> ping @everyone")
    finding = Finding(result.fingerprint, result, run.policies[result.policy_id])
    body = desired(finding, Markdown(), dt.date(2026, 1, 15), DEFAULT_DUE, None).body
    assert "<img" not in body and "@everyone" not in body


def test_jira_bodies_use_wiki_markup_with_the_marker_as_a_grey_line(repo: Repo) -> None:
    run = scanned(repo)
    wanted = collect(run, False, parse("/infra/ @acme/storage\n")).wanted
    finding = next(f for f in wanted if f.result.resource.address == "aws_ebs_volume.data")
    ticket = desired(finding, JiraWiki(), dt.date(2026, 1, 15), DEFAULT_DUE, None)
    assert "h3. How to fix (Terraform)" in ticket.body and "{{encrypted = true}}" in ticket.body
    assert "{color:#97a0af}policy-gate:fingerprint=" in ticket.body and "<!--" not in ticket.body
    assert parse_marker(ticket.body) == ticket.marker


def test_the_digest_ignores_the_commit_in_links_so_new_commits_do_not_update_tickets(repo: Repo) -> None:
    from gate.backlog.render import Links

    finding = collect(scanned(repo), False, None).wanted[0]
    one = desired(finding, Markdown(), dt.date(2026, 1, 15), DEFAULT_DUE, Links("https://github.com/a/b/blob/1111/"))
    two = desired(finding, Markdown(), dt.date(2026, 1, 15), DEFAULT_DUE, Links("https://github.com/a/b/blob/2222/"))
    assert one.body != two.body and one.marker == two.marker


def test_retry_after_as_a_date_and_link_headers() -> None:
    client = HttpClient("t", "https://api.example", {}, Redactor(), clock=lambda: 1_000.0)
    when = email.utils.formatdate(1_030.0, usegmt=True)
    assert client._retry_after(Response(429, {"retry-after": when}, b"")) == 30.0
    link = '<https://api.example/x?page=2>; rel="next", <https://api.example/x?page=5>; rel="last"'
    assert next_link({"link": link}) == "https://api.example/x?page=2"
    assert next_link({"link": '<https://api.example/x?page=1>; rel="prev"'}) is None


@pytest.fixture
def two_hosts() -> Iterator[tuple[str, list[str]]]:
    """A server that redirects to a second one on another port (another origin), which records what it gets."""
    received: list[str] = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append(self.headers.get("Authorization") or "")
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    other = ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)

    class Redirecting(Elsewhere):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{other.server_address[1]}/stolen")
            self.end_headers()

    first = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    for server in (first, other):
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    yield f"http://127.0.0.1:{first.server_address[1]}", received
    for server in (first, other):
        server.shutdown()
        server.server_close()


def test_a_redirect_to_another_host_is_not_followed(two_hosts: tuple[str, list[str]]) -> None:
    origin, received = two_hosts
    client = HttpClient("t", origin, {"Authorization": "Bearer s3cr3t-token"}, Redactor(["s3cr3t-token"]))
    with pytest.raises(TrackerError, match="HTTP 302"):
        client.request("GET", "/issues")
    time.sleep(0.05)
    assert received == []


def test_a_next_page_on_another_host_is_refused() -> None:
    client = HttpClient("t", "https://api.example", {}, Redactor())
    with pytest.raises(TrackerError, match="another host"):
        client.url("https://evil.example/issues?page=2")


def test_plan_results_get_the_terraform_remediation_and_unknowns_say_so(tmp_path: Path) -> None:
    shutil.copy(Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "inputs" / "plan.json", tmp_path)
    run = scan(ScanOptions(paths=[Path("plan.json")], cwd=tmp_path, parse_cache=False))
    wanted = collect(check(RunResult, json.loads(json_report.render(run))), False, None).wanted
    volume = next(f for f in wanted if f.result.policy_id == "GATE-ENC-001")
    assert volume.result.resource.format == "terraform-plan"
    body = desired(volume, Markdown(), dt.date(2026, 1, 15), DEFAULT_DUE, None).body
    assert "### How to fix (Terraform)" in body and run.policies["GATE-ENC-001"].remediation["terraform"] in body
    unknown = next(f for f in wanted if f.result.status.value == "unknown")
    assert "known only after apply" in desired(unknown, Markdown(), dt.date(2026, 1, 15), DEFAULT_DUE, None).body
