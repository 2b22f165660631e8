"""The file tracker (the default, no network): gate-backlog.json and gate-backlog.md, merged across runs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from backlog_support import DAY_ONE, Repo

from gate.api import backlog_settings
from gate.backlog.render import parse_marker
from gate.backlog.sync import SyncOptions, sync
from gate.backlog.transport import TrackerError


def run(repo: Repo, report: Path, today: dt.date = DAY_ONE, **options: Any) -> list[str]:
    lines: list[str] = []
    settings = backlog_settings(repo.root, options.pop("config", None))
    sync(SyncOptions(report=report, environ={}, cwd=repo.root, today=today, settings=settings, **options), lines.append)
    return lines


def items(repo: Repo) -> dict[str, dict[str, Any]]:
    doc = json.loads((repo.root / "gate-backlog.json").read_text(encoding="utf-8"))
    return {item["title"].rsplit(": ", 1)[-1]: item for item in doc["items"]}


def test_first_run_writes_the_backlog_and_its_markdown_view(repo: Repo) -> None:
    lines = run(repo, repo.scan())
    found = items(repo)
    assert sorted(found) == ["aws_ebs_volume.cache", "aws_ebs_volume.data", "aws_s3_bucket.logs"]
    data = found["aws_ebs_volume.data"]
    assert data["state"] == "open" and data["first_seen"] == "2026-01-15" and data["due_date"] == "2026-01-29"
    assert data["labels"] == ["policy-gate", "severity:high", "family:encryption", "team:acme/storage", "team:alice"]
    assert data["assignees"] == ["alice"] and found["aws_s3_bucket.logs"]["assignees"] == []
    marker = parse_marker(data["body"])
    assert marker is not None and marker.file == "infra/main.tf"
    view = (repo.root / "gate-backlog.md").read_text(encoding="utf-8")
    assert view.startswith("# policy-gate backlog\n\n3 open, 0 closed.")
    assert view.index("aws_ebs_volume.data") < view.index("aws_s3_bucket.logs")  # high before medium
    assert lines[-1].endswith("create 3, update 0, reopen 0, close 0, unchanged 0")


def test_runs_merge_idempotently_keep_first_seen_close_fixed_and_reopen(repo: Repo) -> None:
    run(repo, repo.scan())
    backlog, view = repo.root / "gate-backlog.json", repo.root / "gate-backlog.md"
    before = (backlog.read_bytes(), view.read_bytes())
    later = DAY_ONE + dt.timedelta(days=10)
    assert run(repo, repo.scan(), today=later)[-1].endswith("unchanged 3")
    assert (backlog.read_bytes(), view.read_bytes()) == before  # byte for byte: nothing to commit

    repo.fix_data_volume()
    run(repo, repo.scan("app"), today=later)  # infra/ was not scanned: nothing of it closes
    assert items(repo)["aws_ebs_volume.data"]["state"] == "open"
    run(repo, repo.scan(), today=later, commit="c0ffee")
    data = items(repo)["aws_ebs_volume.data"]
    assert data["state"] == "closed" and data["closed_on"] == "2026-01-25"
    assert data["comments"] == [
        {
            "date": "2026-01-25",
            "text": "policy-gate no longer finds this in infra/main.tf at commit c0ffee: closing as fixed.",
        }
    ]
    assert "2 open, 1 closed" in view.read_text(encoding="utf-8")

    repo.break_data_volume()
    run(repo, repo.scan(), today=later + dt.timedelta(days=1))
    data = items(repo)["aws_ebs_volume.data"]
    assert data["state"] == "open" and "closed_on" not in data
    assert data["first_seen"] == "2026-01-15" and data["due_date"] == "2026-01-29"  # first seen survives a reopen
    assert "found this again" in data["comments"][-1]["text"]
    assert len(items(repo)) == 3


def test_labels_people_add_are_kept_when_the_gate_updates_an_item(repo: Repo) -> None:
    run(repo, repo.scan())
    backlog = repo.root / "gate-backlog.json"
    doc = json.loads(backlog.read_text(encoding="utf-8"))
    next(i for i in doc["items"] if i["title"].endswith("aws_ebs_volume.data"))["labels"].append("sprint-12")
    backlog.write_text(json.dumps(doc), encoding="utf-8")
    repo.edit("infra/main.tf", lambda text: "\n" + text)
    run(repo, repo.scan())
    assert "sprint-12" in items(repo)["aws_ebs_volume.data"]["labels"]


def test_include_blocking_and_due_days_from_the_command_line(repo: Repo) -> None:
    from gate.model import Severity

    run(repo, repo.scan(), include_blocking=True, due={Severity.HIGH: 3, Severity.CRITICAL: None})
    found = items(repo)
    assert found["aws_security_group.ssh"]["labels"][:2] == ["policy-gate", "severity:critical"]
    assert found["aws_security_group.ssh"]["due_date"] is None
    assert found["aws_ebs_volume.data"]["due_date"] == "2026-01-18"


def test_the_backlog_section_of_the_configuration_is_read(repo: Repo, tmp_path: Path) -> None:
    config = tmp_path / "backlog.yaml"
    config.write_text("backlog:\n  include_blocking: true\n  due: {medium: 10}\n  file: reports/backlog.json\n")
    run(repo, repo.scan(), config=config)
    doc = json.loads((repo.root / "reports" / "backlog.json").read_text(encoding="utf-8"))
    due = {item["title"].rsplit(": ", 1)[-1]: item["due_date"] for item in doc["items"]}
    assert due == {
        "aws_security_group.ssh": "2026-01-22",
        "aws_ebs_volume.data": "2026-01-29",
        "aws_s3_bucket.logs": "2026-01-25",
        "aws_ebs_volume.cache": "2026-01-29",
    }
    assert (repo.root / "reports" / "backlog.md").is_file()


def test_a_damaged_backlog_file_is_reported_not_overwritten(repo: Repo) -> None:
    backlog = repo.root / "gate-backlog.json"
    backlog.write_text("{not json", encoding="utf-8")
    with pytest.raises(TrackerError, match="not a policy-gate backlog file"):
        run(repo, repo.scan())
    assert backlog.read_text(encoding="utf-8") == "{not json"


def test_a_file_that_could_not_be_read_closes_nothing(repo: Repo) -> None:
    run(repo, repo.scan())
    repo.edit("infra/main.tf", lambda text: text + '\nresource "aws_s3_bucket" {\n')  # a syntax error
    report = repo.scan()
    assert any(r["status"] == "error" for r in json.loads(report.read_text(encoding="utf-8"))["results"])
    lines = run(repo, report)
    assert all(item["state"] == "open" for item in items(repo).values())
    assert "2 open ticket(s) of files this scan did not read left open" in lines[-1]
