"""``gate backlog metrics`` and the plan's past-due phase, on tickets opened and closed on known dates; every
expected number below is worked out by hand from the dates in ``TICKETS``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from backlog_support import DAY_ONE, Harness, Repo
from click.testing import CliRunner

from gate.backlog.metrics import compute, mermaid_trend, overdue_fingerprints, to_markdown
from gate.backlog.model import Marker
from gate.backlog.render import marker_text
from gate.backlog.settings import BacklogSettings
from gate.backlog.sync import SyncOptions, read_tickets, sync
from gate.cli.backlog import backlog

TODAY = dt.date(2026, 3, 2)  # a Monday
# (id, severity, team, created, closed, due, reopened): created 2026-01-05 (Monday, ISO week 2) onwards.
TICKETS = [
    (1, "high", "payments", "2026-01-05", "2026-01-09", None, 0),  # closed after 4 days
    (2, "high", "payments", "2026-01-06", "2026-01-26", None, 0),  # 20 days
    (3, "high", "platform", "2026-01-12", "2026-02-11", None, 1),  # 30 days, reopened once, closed again
    (4, "high", "platform", "2026-02-02", None, "2026-02-16", 0),  # open, 14 days past due
    (5, "medium", "payments", "2026-02-09", None, "2026-04-10", 2),  # open, not due, reopened twice
    (6, "medium", None, "2025-11-01", None, "2026-01-30", 0),  # open since 121 days, 31 days past due
    (7, "low", "platform", "2026-02-25", "2026-02-27", None, 0),  # closed after 2 days
    (8, "critical", "platform", "2026-02-23", None, None, 0),  # open 7 days; due by the rule: 2026-03-02
]


def write_file_tracker(path: Path) -> None:
    items = []
    for number, severity, team, created, closed, due, reopened in TICKETS:
        marker = Marker(f"{number:064x}", "infra/main.tf", dt.date.fromisoformat(created), f"{number:016x}", reopened)
        labels = ["policy-gate", f"severity:{severity}", "family:encryption", *([f"team:{team}"] if team else [])]
        items.append(
            {
                "id": number,
                "state": "closed" if closed else "open",
                "created_on": created,
                "closed_on": closed,
                "due_date": due,
                "title": f"Finding {number}",
                "labels": labels,
                "first_seen": created,
                "body": f"text\n\n<!-- {marker_text(marker)} -->\n",
                "comments": [],
            }
        )
    path.write_text(json.dumps({"format_version": 1, "tool": "policy-gate", "items": items}), encoding="utf-8")


@pytest.fixture
def tracked(tmp_path: Path) -> Path:
    write_file_tracker(tmp_path / "gate-backlog.json")
    return tmp_path


def test_numbers_worked_out_by_hand(tracked: Path) -> None:
    settings = BacklogSettings()
    _, tickets = read_tickets(settings, tracked, "file", {}, today=TODAY)
    m = compute(tickets, TODAY, settings.due_days(), since=dt.date(2026, 1, 1))
    assert m.open_total == 4
    assert m.open_by_severity == {"critical": 1, "high": 1, "medium": 2, "low": 0, "info": 0}
    assert m.open_by_owner == {"platform": 2, "(no owner)": 1, "payments": 1}
    # ages on 2026-03-02: #4 28 days, #5 21, #6 121, #8 7
    assert m.open_by_age == {"0-7 days": 1, "8-30 days": 2, "31-90 days": 0, "over 90 days": 1}
    high = m.time_to_remediate["high"]  # 4, 20, 30 days: median 20; nearest rank of 90% of 3 is the 3rd: 30
    assert (high.closed, high.median_days, high.p90_days) == (3, 20, 30)
    low = m.time_to_remediate["low"]
    assert (low.closed, low.median_days, low.p90_days) == (1, 2, 2)
    assert m.time_to_remediate["critical"].closed == 0 and m.time_to_remediate["critical"].median_days is None
    # past due: #6 (due 01-30, 31 days) and #4 (due 02-16, 14 days); #8's due date by the rule is today: not past
    assert [(o["ref"], o["days_overdue"]) for o in m.overdue] == [("#6", 31), ("#4", 14)]
    assert [(r["ref"], r["times"], r["open"]) for r in m.reopened] == [("#5", 2, True), ("#3", 1, False)]
    trend = dict(m.trend)
    # end of ISO week 2 (Sun 2026-01-11): #6, #2 open (#1 closed 01-09) -> 2
    assert trend["2026-W02"] == 2
    # end of week 5 (Sun 2026-02-01): #6, #3 open (#2 closed 01-26) -> 2
    assert trend["2026-W05"] == 2
    # end of week 7 (Sun 2026-02-15): #6, #4, #5 open (#3 closed 02-11) -> 3
    assert trend["2026-W07"] == 3
    # today (week 10): #4, #5, #6, #8
    assert m.trend[-1] == ("2026-W10", 4)
    assert overdue_fingerprints(tickets, TODAY, settings.due_days()) == {f"{4:064x}", f"{6:064x}"}


def test_since_limits_remediation_times(tracked: Path) -> None:
    settings = BacklogSettings()
    _, tickets = read_tickets(settings, tracked, "file", {}, today=TODAY)
    m = compute(tickets, TODAY, settings.due_days(), since=dt.date(2026, 2, 1))
    high = m.time_to_remediate["high"]  # only #3 closed on or after 02-01
    assert (high.closed, high.median_days, high.p90_days) == (1, 30, 30)
    assert m.trend[0] == ("2026-W05", 2)  # the week of 02-01 (a Sunday) ends that day


def test_markdown_has_the_tables_and_a_mermaid_chart(tracked: Path) -> None:
    settings = BacklogSettings()
    target, tickets = read_tickets(settings, tracked, "file", {}, today=TODAY)
    text = to_markdown(compute(tickets, TODAY, settings.due_days(), since=dt.date(2026, 2, 1)), target)
    assert "**4 open**, 2 past due, 2 reopened" in text
    assert "| high | 1 | 30 | 30 |" in text
    assert text.count("```mermaid") == 1
    chart = mermaid_trend([("2026-W08", 3), ("2026-W09", 4), ("2026-W10", 4)])
    assert chart[1] == "xychart-beta"
    assert chart[3] == '    x-axis ["2026-W08", "2026-W09", "2026-W10"]'
    assert chart[4:6] == ['    y-axis "open items" 0 --> 4', "    line [3, 4, 4]"]


def test_the_command_prints_json_and_markdown(tracked: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tracked)
    done = CliRunner().invoke(backlog, ["metrics", "--format", "json", "--since", "2026-01-01"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["open_total"] == 4 and doc["since"] == "2026-01-01"
    assert doc["time_to_remediate"]["high"] == {"closed": 3, "median_days": 20, "p90_days": 30}
    done = CliRunner().invoke(backlog, ["metrics"], catch_exceptions=False)
    assert done.exit_code == 0 and "```mermaid" in done.stdout


def test_a_network_tracker_gives_its_own_dates(tracker: Harness, repo: Repo) -> None:
    """Opened and closed dates come from the tracker (GitHub's and GitLab's created_at and closed_at, Jira's
    created and resolutiondate), and the gate counts the times it reopened a ticket in the ticket's marker."""
    harness = tracker
    harness.server.now = "2026-01-15T08:00:00Z"
    harness.sync(repo, repo.scan())
    repo.fix_data_volume()
    harness.server.now = "2026-01-25T08:00:00Z"
    harness.sync(repo, repo.scan(), today=DAY_ONE + dt.timedelta(days=10))
    repo.break_data_volume()
    harness.server.now = "2026-01-28T08:00:00Z"
    harness.sync(repo, repo.scan(), today=DAY_ONE + dt.timedelta(days=13))
    _, tickets = read_tickets(BacklogSettings(), repo.root, harness.name, harness.env, today=DAY_ONE)
    volume = [t for t in tickets if "aws_ebs_volume.data" in t.title]
    assert len(volume) == 1
    (ticket,) = volume
    assert ticket.open and ticket.created == dt.date(2026, 1, 15) and ticket.closed is None
    assert ticket.marker.reopened == 1
    m = compute(tickets, dt.date(2026, 1, 28), BacklogSettings().due_days(), since=dt.date(2026, 1, 1))
    assert [r["times"] for r in m.reopened] == [1]


def test_plan_puts_past_due_findings_first(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tickets opened on DAY_ONE (January) are past their due dates today; the findings they track form the
    plan's first phase, and the blocking findings (no ticket: they block instead) keep their severity phase."""
    report = repo.scan()
    monkeypatch.chdir(repo.root)
    sync(SyncOptions(report=report, environ={}, cwd=repo.root, today=DAY_ONE), lambda line: None)
    items = json.loads((repo.root / "gate-backlog.json").read_text(encoding="utf-8"))["items"]
    done = CliRunner().invoke(backlog, ["plan", "--report", str(report)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    text = done.stdout
    phase_one = text[text.index("## Phase 1: past due") : text.index("## Phase 2")]
    for item in items:
        address = item["title"].rsplit(": ", 1)[-1]
        assert address in phase_one, address
    assert "(blocking)" not in phase_one and "(blocking)" in text[text.index("## Phase 2") :]
