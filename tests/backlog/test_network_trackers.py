"""GitHub, GitLab and Jira, each against a local server speaking its REST API (tracker_servers.py): the
behaviour a pipeline relies on, with real scans as input."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter

import pytest
from backlog_support import COMMIT, DAY_ONE, Harness, Repo, make_harness

from gate.backlog.sync import SyncOptions, prepare
from gate.backlog.transport import TrackerError


def test_creates_one_routed_ticket_per_backlog_finding(tracker: Harness, repo: Repo) -> None:
    plan = tracker.sync(repo, repo.scan())
    tickets = tracker.tickets()
    assert plan.count("create") == 3
    assert sorted(t.title for t in tickets) == [
        "[gate] EBS volume is not encrypted: aws_ebs_volume.cache",
        "[gate] EBS volume is not encrypted: aws_ebs_volume.data",
        "[gate] S3 bucket declares no public access block (relies on AWS's default): aws_s3_bucket.logs",
    ]  # the blocking GATE-NET-001 finding gets no ticket without --include-blocking
    data = next(t for t in tickets if t.title.endswith("aws_ebs_volume.data"))
    logs = next(t for t in tickets if t.title.endswith("aws_s3_bucket.logs"))
    assert data.labels == {"policy-gate", "severity:high", "family:encryption", "team:acme/storage", "team:alice"}
    assert logs.labels == {"policy-gate", "severity:medium", "family:permission", "team:acme/storage", "team:alice"}
    for text in (
        "GATE-ENC-001",
        "high",
        "encryption",
        "First seen:",
        "2026-01-15",
        "2026-01-29",
        "encrypted = true",
        "policy-gate:fingerprint=",
    ):
        assert text in data.body, text
    assert "infra/main.tf:1" in data.body
    if tracker.name == "github":
        assert f"https://github.com/acme/app/blob/{COMMIT}/infra/main.tf#L1-L4" in data.body
        assert data.assignees == ["alice"] and logs.assignees == []  # high routes to the owner; medium does not
    if tracker.name == "gitlab":
        assert f"https://gitlab.example/acme/app/-/blob/{COMMIT}/infra/main.tf#L1-4" in data.body
        assert data.assignees == [7] and logs.assignees == []
    if tracker.name in ("gitlab", "jira"):
        assert (data.due, logs.due) == ("2026-01-29", "2026-03-01")  # high 14 days, medium 45


def test_a_second_sync_of_the_same_report_changes_nothing(tracker: Harness, repo: Repo) -> None:
    report = repo.scan()
    tracker.sync(repo, report)
    tracker.server.reset_log()
    plan = tracker.sync(repo, report, today=DAY_ONE + dt.timedelta(days=3))
    assert plan.count("unchanged") == 3 and plan.counts().startswith("create 0, update 0, reopen 0, close 0")
    assert tracker.server.writes() == []
    listing = [request for request in tracker.server.log if request[0] == "GET"]
    assert len(listing) == 2  # three tickets, two per page: every page was read


def test_a_changed_finding_updates_its_ticket(tracker: Harness, repo: Repo) -> None:
    tracker.sync(repo, repo.scan())
    repo.edit("infra/main.tf", lambda text: "# Storage for the data tier.\n\n" + text)
    tracker.server.reset_log()
    plan = tracker.sync(repo, repo.scan())
    assert (plan.count("update"), plan.count("create"), plan.count("unchanged")) == (2, 0, 1)
    assert [method for method, _ in tracker.server.writes()] == [tracker.update[0]] * 2
    data = next(t for t in tracker.tickets() if t.title.endswith("aws_ebs_volume.data"))
    assert "infra/main.tf:3" in data.body and "2026-01-15" in data.body  # new line, first seen kept
    assert len(tracker.tickets()) == 3


def test_a_fixed_finding_closes_its_ticket_only_when_the_scan_read_its_file(tracker: Harness, repo: Repo) -> None:
    tracker.sync(repo, repo.scan())
    repo.fix_data_volume()
    plan = tracker.sync(repo, repo.scan("app"), commit="feedface")  # a scan of app/ alone knows nothing of infra/
    assert plan.count("close") == 0 and plan.out_of_scope == 2
    assert all(t.open for t in tracker.tickets())
    assert "2 open ticket(s) of files this scan did not read left open" in tracker.output[-1]
    plan = tracker.sync(repo, repo.scan(), commit="c0ffee")
    assert plan.count("close") == 1
    data = next(t for t in tracker.tickets() if t.title.endswith("aws_ebs_volume.data"))
    assert not data.open
    assert (
        data.comments == ["policy-gate no longer finds this in infra/main.tf at commit c0ffee: closing as fixed."]
        if tracker.name != "jira"
        else "c0ffee" in data.comments[0]
    )
    assert sum(t.open for t in tracker.tickets()) == 2


def test_a_finding_that_returns_reopens_its_ticket_with_a_comment(tracker: Harness, repo: Repo) -> None:
    tracker.sync(repo, repo.scan())
    repo.fix_data_volume()
    tracker.sync(repo, repo.scan(), today=DAY_ONE + dt.timedelta(days=5))
    repo.break_data_volume()
    plan = tracker.sync(repo, repo.scan(), today=DAY_ONE + dt.timedelta(days=9), commit="badc0de")
    assert (plan.count("reopen"), plan.count("create")) == (1, 0)
    data = next(t for t in tracker.tickets() if t.title.endswith("aws_ebs_volume.data"))
    assert data.open and len(tracker.tickets()) == 3
    assert "found this again at commit badc0de" in data.comments[-1].replace("\\", "")
    assert "First seen:" in data.body and "2026-01-15" in data.body
    tracker.server.reset_log()
    assert tracker.sync(repo, repo.scan()).count("unchanged") == 3 and tracker.server.writes() == []


def test_a_failure_mid_sync_leaves_no_duplicates_once_run_again(tracker: Harness, repo: Repo) -> None:
    report = repo.scan()
    method, path = tracker.create
    tracker.server.fail(method, path, status=500, times=-1, skip=1)  # the first create works, then the server breaks
    with pytest.raises(TrackerError) as failed:
        tracker.sync(repo, report)
    message = str(failed.value)
    assert "Done before the failure: created 1" in message and "Not done: create 2" in message
    assert "Run the sync again" in message
    assert len(tracker.tickets()) == 1
    tracker.server.failures.clear()
    assert tracker.sync(repo, report).count("create") == 2
    tracker.server.reset_log()
    assert tracker.sync(repo, report).count("unchanged") == 3 and tracker.server.writes() == []
    assert sorted(Counter(t.fingerprint for t in tracker.tickets()).values()) == [1, 1, 1]


@pytest.mark.parametrize("lost", ["502 after the write", "timeout after the write"])
def test_a_create_whose_answer_is_lost_is_found_again_not_repeated(tracker: Harness, repo: Repo, lost: str) -> None:
    method, path = tracker.create
    if lost.startswith("502"):
        tracker.server.fail(method, path, status=502, after=True)
    else:
        tracker.server.fail(method, path, status=201, after=True, delay=1.0)  # the client gives up after 0.3 s
    plan = tracker.sync(repo, repo.scan())
    assert plan.count("create") == 3
    assert len(tracker.tickets()) == 3 and len({t.fingerprint for t in tracker.tickets()}) == 3
    assert sum(1 for m, p in tracker.server.writes() if m == method and re.search(path, p)) == 3  # never sent twice


def test_rate_limits_server_errors_and_timeouts_are_retried(tracker: Harness, repo: Repo) -> None:
    report = repo.scan()
    tracker.server.fail(*tracker.listing, status=429, headers={"Retry-After": "7"})
    tracker.server.fail(*tracker.listing, status=502, skip=1)
    tracker.server.fail(*tracker.listing, status=200, delay=1.0, skip=2)  # a timeout while listing
    tracker.sync(repo, report)
    assert len(tracker.tickets()) == 3
    assert tracker.sleeps == [7.0, 2.0, 4.0]  # Retry-After, then exponential backoff
    tracker.server.fail(*tracker.comment, status=503, times=2)
    repo.fix_data_volume()
    assert tracker.sync(repo, repo.scan()).count("close") == 1


def test_a_tracker_that_keeps_failing_stops_with_what_was_and_was_not_done(tracker: Harness, repo: Repo) -> None:
    tracker.server.fail(*tracker.listing, status=502, times=-1)
    with pytest.raises(TrackerError) as failed:
        tracker.sync(repo, repo.scan())
    assert "failed 5 times, last with: HTTP 502" in str(failed.value) and "Nothing was changed" in str(failed.value)
    assert tracker.sleeps == [1.0, 2.0, 4.0, 8.0] and tracker.server.issues == {}


def test_tokens_appear_in_no_output_or_error(tracker: Harness, repo: Repo) -> None:
    tracker.server.fail(*tracker.create, status=400, echo_auth=True, skip=1)
    with pytest.raises(TrackerError) as failed:
        tracker.sync(repo, repo.scan())
    shown = "\n".join([*tracker.output, str(failed.value), repr(failed.value)])
    assert "credentials" in shown  # the server's message is shown, scrubbed
    for secret in tracker.secrets:
        assert secret not in shown
    tracker.server.failures.clear()
    tracker.sync(repo, repo.scan(), dry_run=True)
    assert not any(secret in line for line in tracker.output for secret in tracker.secrets)
    options = SyncOptions(report=repo.scan(), tracker=tracker.name, environ=tracker.env, cwd=repo.root)
    prepared = prepare(options)
    shown = repr(options) + repr(prepared) + repr(vars(prepared.tracker))  # what a debugger or a log would print
    assert not any(secret in shown for secret in tracker.secrets)


def test_dry_run_prints_the_plan_and_writes_nothing(tracker: Harness, repo: Repo) -> None:
    tracker.sync(repo, repo.scan())
    repo.fix_data_volume()
    repo.edit("app/main.tf", lambda text: "\n\n" + text)
    tracker.server.reset_log()
    tracker.output.clear()
    tracker.sync(repo, repo.scan(), dry_run=True)
    assert tracker.server.writes() == []
    assert tracker.output[0].startswith("backlog plan for ") and "dry run" in tracker.output[0]
    assert any(line.strip().startswith("close") and "aws_ebs_volume.data (fixed)" in line for line in tracker.output)
    assert any(line.strip().startswith("update") and "aws_ebs_volume.cache" in line for line in tracker.output)
    assert tracker.output[-1] == "create 0, update 2, reopen 0, close 1, unchanged 0"  # the fix moved the bucket


def test_github_waits_for_the_rate_limit_reset_and_skips_pull_requests(github: Harness, repo: Repo) -> None:
    github.server.add_pull_request(["policy-gate"])  # type: ignore[attr-defined]
    reset = int(time.time()) + 30
    github.server.fail(
        "GET", r"/issues$", status=403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
    )
    github.sync(repo, repo.scan())
    assert 25 <= github.sleeps[0] <= 32
    assert len(github.tickets()) == 3


def test_github_creates_the_ticket_when_an_owner_cannot_be_assigned(github: Harness, repo: Repo) -> None:
    github.server.collaborators = {"bob"}  # type: ignore[attr-defined]
    github.sync(repo, repo.scan())
    data = next(t for t in github.tickets() if t.title.endswith("aws_ebs_volume.data"))
    assert data.assignees == [] and "team:alice" in data.labels
    cache = next(t for t in github.tickets() if t.title.endswith("aws_ebs_volume.cache"))
    assert cache.assignees == ["bob"]


def test_jira_goes_on_without_due_dates_when_the_project_refuses_them(repo: Repo) -> None:
    jira = make_harness("jira")
    try:
        jira.server.refuse_duedate = True  # type: ignore[attr-defined]
        jira.sync(repo, repo.scan())
        assert len(jira.tickets()) == 3 and all(t.due is None for t in jira.tickets())
        assert "2026-01-29" in jira.tickets()[0].body or "2026-01-29" in jira.tickets()[1].body
    finally:
        jira.server.close()


def test_a_ticket_someone_duplicated_is_closed_as_a_duplicate(github: Harness, repo: Repo) -> None:
    github.sync(repo, repo.scan())
    original = github.server.issues[1]
    github.server.issues[4] = {**original, "number": 4}
    plan = github.sync(repo, repo.scan())
    assert plan.count("close") == 1 and not github.tickets()[3].open
    assert github.tickets()[3].comments == ["Duplicate of #1, which tracks the same policy-gate finding: closing."]
