"""``gate notify`` against a local HTTP server that records every message and fails on demand: routing by
severity and owner, only new findings, Slack/Teams/webhook payloads, retries, no double sends, no URL shown."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from backlog_support import DAY_ONE, Repo
from click.testing import CliRunner, Result

from gate.backlog.sync import SyncOptions, sync
from gate.cli.backlog import notify


@dataclass
class Hooks:
    """A webhook server: ``answers[path]`` lists the (status, headers, delay) to give, in turn, before 200."""

    server: ThreadingHTTPServer
    received: list[tuple[str, Any]] = field(default_factory=list)
    answers: dict[str, list[tuple[int, dict[str, str], float]]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def bodies(self, path: str) -> list[Any]:
        return [body for p, body in self.received if p == path]


@pytest.fixture
def hooks() -> Iterator[Hooks]:
    state: Hooks

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"null")
            state.received.append((self.path, body))
            status, headers, delay = (
                (state.answers.get(self.path) or [(200, {}, 0.0)]).pop(0)
                if state.answers.get(self.path)
                else (200, {}, 0.0)
            )
            time.sleep(delay)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(b"ok" if status < 400 else b'{"error": "invalid_payload"}')

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = Hooks(server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


ROUTES = """\
notify:
  - {kind: slack, url_env: SECOPS_SLACK_URL, severities: [critical, high]}
  - {kind: teams, url_env: STORAGE_TEAMS_URL, owners: ["@acme/storage"]}
  - {kind: webhook, url_env: AUDIT_HOOK_URL}
  - {kind: slack, url_env: SECOPS_SLACK_URL_AGAIN, severities: [critical]}
"""


@pytest.fixture
def setup(repo: Repo, hooks: Hooks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    config = tmp_path / "trusted" / "gate.yaml"  # outside the scanned tree: trusted
    config.parent.mkdir()
    config.write_text(ROUTES, encoding="utf-8")
    monkeypatch.chdir(repo.root)
    env = {
        "SECOPS_SLACK_URL": hooks.url("/slack/T000/B000/secretkey"),
        "SECOPS_SLACK_URL_AGAIN": hooks.url("/slack/T000/B000/secretkey"),
        "STORAGE_TEAMS_URL": hooks.url("/teams/workflow?sig=teamsecret"),
        "AUDIT_HOOK_URL": hooks.url("/audit"),
        "POLICY_GATE_NOTIFY_ALLOW_HTTP": "1",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/app",
        "GITHUB_RUN_ID": "77",
        "GITHUB_REF": "refs/pull/12/merge",
        "GITHUB_ACTOR": "mallory",
    }
    report = repo.scan()
    doc = json.loads(report.read_text(encoding="utf-8"))
    return {"config": config, "env": env, "report": report, "doc": doc}


def run(setup: dict[str, Any], *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        notify,
        ["--report", str(setup["report"]), "--config", str(setup["config"]), *args],
        env={**setup["env"], **(env or {})},
        catch_exceptions=False,
    )


def announced(doc: dict[str, Any], severities: set[str] | None = None) -> set[str]:
    """The addresses the report's open, announced results name (blocking or backlog), of ``severities``."""
    return {
        r["resource"]["address"]
        for r in doc["results"]
        if r["status"] in ("failed", "unknown")
        and r["disposition"] in ("block", "backlog")
        and (severities is None or r["severity"] in severities)
    }


def addresses_in(text: str, candidates: set[str]) -> set[str]:
    return {a for a in candidates if a in text}


def test_routes_by_severity_and_owner_once_per_destination(setup: dict[str, Any], hooks: Hooks) -> None:
    done = run(setup)
    assert done.exit_code == 0, done.output
    doc, everything = setup["doc"], announced(setup["doc"])
    (slack,) = hooks.bodies("/slack/T000/B000/secretkey")  # two routes, one URL: one message
    assert slack["text"].startswith("policy-gate: ") and "pull request #12 by mallory" in slack["text"]
    assert addresses_in(json.dumps(slack), everything) == announced(doc, {"critical", "high"})
    assert "https://github.com/acme/app/actions/runs/77" in json.dumps(slack)
    (teams,) = hooks.bodies("/teams/workflow?sig=teamsecret")
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"
    infra = {r["resource"]["address"] for r in doc["results"] if r["location"]["file"].startswith("infra/")}
    assert addresses_in(json.dumps(teams), everything) == everything & infra  # /infra/ is @acme/storage's
    (audit,) = hooks.bodies("/audit")
    assert {f["resource"] for f in audit["findings"]} == everything
    assert audit["event"] == "policy-gate.new-findings" and audit["change"].startswith("pull request #12")
    assert all(set(f) >= {"severity", "policy", "resource", "where", "owner"} for f in audit["findings"])
    assert "secretkey" not in done.output and "teamsecret" not in done.output


def test_only_new_findings_are_sent(setup: dict[str, Any], hooks: Hooks, repo: Repo) -> None:
    """Findings with an open ticket were announced when it was opened; the others are still new."""
    sync(SyncOptions(report=setup["report"], environ={}, cwd=repo.root, today=DAY_ONE), lambda line: None)
    ticketed = {
        i["title"].rsplit(": ", 1)[-1]
        for i in json.loads((repo.root / "gate-backlog.json").read_text(encoding="utf-8"))["items"]
    }
    assert ticketed
    done = run(setup)
    assert done.exit_code == 0, done.output
    (audit,) = hooks.bodies("/audit")
    sent = {f["resource"] for f in audit["findings"]}
    assert sent and not sent & ticketed
    assert sent == announced(setup["doc"], {"critical"})  # the blocking ones get no ticket by default


def test_rate_limits_and_server_errors_are_retried_and_sent_once(setup: dict[str, Any], hooks: Hooks) -> None:
    """A 429 waits its Retry-After (0 here), a 503 the first backoff (1 s): the chat did not take the message."""
    hooks.answers["/audit"] = [(429, {"Retry-After": "0"}, 0.0), (503, {}, 0.0)]
    done = run(setup)
    assert done.exit_code == 0, done.output
    assert len(hooks.bodies("/audit")) == 3  # refused twice, taken once
    assert hooks.bodies("/audit")[0] == hooks.bodies("/audit")[2]


def test_a_refused_message_is_a_clear_error_and_the_others_are_sent(setup: dict[str, Any], hooks: Hooks) -> None:
    hooks.answers["/teams/workflow?sig=teamsecret"] = [(400, {}, 0.0)]
    done = run(setup)
    assert done.exit_code == 2
    assert "$STORAGE_TEAMS_URL" in done.output and "HTTP 400" in done.output and "was refused" in done.output
    assert "teamsecret" not in done.output and "127.0.0.1" not in done.output
    assert len(hooks.bodies("/slack/T000/B000/secretkey")) == 1 and len(hooks.bodies("/audit")) == 1


def test_a_message_without_an_answer_is_not_sent_again(setup: dict[str, Any], hooks: Hooks) -> None:
    """The server may have taken it: sending it again could post it twice."""
    hooks.answers["/audit"] = [(200, {}, 2.0)]
    done = run(setup, "--timeout", "0.5")
    assert done.exit_code == 2
    assert "may or may not have been done" in done.output
    assert len(hooks.bodies("/audit")) == 1


def test_dry_run_sends_nothing(setup: dict[str, Any], hooks: Hooks) -> None:
    done = run(setup, "--dry-run")
    assert done.exit_code == 0, done.output
    assert "would send" in done.output and hooks.received == []


def test_routes_in_the_scanned_tree_are_refused(setup: dict[str, Any], repo: Repo, hooks: Hooks) -> None:
    """The pull request must not decide whether its own findings are announced."""
    (repo.root / ".gate.yaml").write_text(ROUTES, encoding="utf-8")
    done = CliRunner().invoke(notify, ["--report", str(setup["report"])], env=setup["env"], catch_exceptions=False)
    assert done.exit_code == 2
    assert ".gate.yaml:2: notify[0]" in done.output and "--config FILE" in done.output
    assert hooks.received == []


def test_a_missing_url_variable_is_named(setup: dict[str, Any], hooks: Hooks) -> None:
    done = run(setup, env={"AUDIT_HOOK_URL": ""})
    assert done.exit_code == 2 and "$AUDIT_HOOK_URL is not set" in done.output
    assert hooks.received == []
