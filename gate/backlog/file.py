"""The ``file`` tracker (the default, no network): ``gate-backlog.json`` and its Markdown view
``gate-backlog.md``, merged across runs with the same rules as every tracker (idempotent, fixed items closed,
first-seen dates kept). Both files are rewritten only when something changed, atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from gate.backlog.markup import Markdown
from gate.backlog.model import Desired, Ticket, TrackerContext, day_of
from gate.backlog.planner import merged_labels
from gate.backlog.render import parse_marker
from gate.backlog.transport import TrackerError

FORMAT_VERSION = 1


class FileTracker:
    """Items kept in a JSON file; ``finish`` writes it and the Markdown view beside it."""

    name = "file"
    markup = Markdown()

    def __init__(self, path: Path, today: dt.date) -> None:
        self.path = path
        self.markdown_path = path.with_suffix(".md")
        self.today = today
        self.items: list[dict[str, Any]] = self._read()
        self.changed = False

    def target(self) -> str:
        return f"file {self.path}"

    def list_tickets(self) -> list[Ticket]:
        tickets = []
        for item in self.items:
            marker = parse_marker(item.get("body"))
            if marker is not None:
                tickets.append(
                    Ticket(
                        str(item["id"]),
                        f"#{item['id']}",
                        item.get("title", ""),
                        tuple(item.get("labels", [])),
                        item.get("state") == "open",
                        marker,
                        created=day_of(item.get("created_on")) or marker.first_seen,
                        closed=day_of(item.get("closed_on")),
                        due=day_of(item.get("due_date")),
                        assignees=tuple(str(a) for a in item.get("assignees") or []),
                    )
                )
        return tickets

    def create(self, desired: Desired) -> Ticket:
        number = max((int(item["id"]) for item in self.items), default=0) + 1
        item = {"id": number, "state": "open", "created_on": self.today.isoformat(), "comments": []}
        self.items.append(item)
        self._write_fields(item, None, desired)
        item["assignees"] = list(desired.assignees)
        return Ticket(str(number), f"#{number}", desired.title, desired.labels, True, desired.marker)

    def update(self, ticket: Ticket, desired: Desired, reopen: bool) -> None:
        item = self._item(ticket)
        self._write_fields(item, ticket, desired)
        if reopen:
            item["state"] = "open"
            item.pop("closed_on", None)

    def comment(self, ticket: Ticket, text: str) -> None:
        self._item(ticket).setdefault("comments", []).append({"date": self.today.isoformat(), "text": text})
        self.changed = True

    def close(self, ticket: Ticket) -> None:
        item = self._item(ticket)
        item["state"] = "closed"
        item["closed_on"] = self.today.isoformat()
        self.changed = True

    def finish(self) -> None:
        if not self.changed and self.path.is_file() and self.markdown_path.is_file():
            return
        doc = {"format_version": FORMAT_VERSION, "tool": "policy-gate", "items": self.items}
        _atomic_write(self.path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        _atomic_write(self.markdown_path, markdown_view(self.items))

    def _write_fields(self, item: dict[str, Any], ticket: Ticket | None, desired: Desired) -> None:
        item.update(
            {
                "fingerprint": desired.fingerprint,
                "file": desired.marker.file,
                "severity": desired.severity.value,
                "title": desired.title,
                "labels": merged_labels(ticket, desired),
                "first_seen": desired.marker.first_seen.isoformat(),
                "due_date": desired.due.isoformat() if desired.due else None,
                "body": desired.body,
            }
        )
        self.changed = True

    def _item(self, ticket: Ticket) -> dict[str, Any]:
        for item in self.items:
            if str(item["id"]) == ticket.key:
                return item
        raise TrackerError(f"file: item {ticket.ref} is no longer in {self.path}")

    def _read(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            items = doc["items"]
            if not isinstance(items, list) or not all(isinstance(i, dict) and "id" in i for i in items):
                raise ValueError("items must be a list of objects with an id")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TrackerError(
                f"{self.path}: not a policy-gate backlog file ({exc.__class__.__name__}: {exc})"
            ) from None
        return items


def markdown_view(items: list[dict[str, Any]]) -> str:
    """The backlog for people: open items, most severe first, then the closed ones."""
    order = ["critical", "high", "medium", "low", "info"]
    open_items = sorted(
        (i for i in items if i.get("state") == "open"),
        key=lambda i: (
            order.index(i.get("severity", "info")) if i.get("severity") in order else 9,
            i.get("due_date") or "",
            int(i["id"]),
        ),
    )
    closed = [i for i in items if i.get("state") != "open"]
    lines = [
        "# policy-gate backlog",
        "",
        f"{len(open_items)} open, {len(closed)} closed. Written by `gate backlog sync` from "
        "gate-backlog.json; changes made here are overwritten.",
        "",
    ]
    for item in open_items:
        due = f" · due {item['due_date']}" if item.get("due_date") else ""
        lines += [
            f"## #{item['id']} {item.get('title', '')}",
            "",
            f"Labels: {', '.join(f'`{label}`' for label in item.get('labels', []))}{due}",
            "",
            str(item.get("body", "")).rstrip(),
            "",
        ]
        lines += [f"> {c['date']}: {c['text']}" for c in item.get("comments", [])[-3:]]
        lines += [""] if item.get("comments") else []
    if closed:
        lines += ["## Closed", ""]
        lines += [f"- #{i['id']} {i.get('title', '')} (closed {i.get('closed_on', '')})" for i in closed]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _atomic_write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        raise TrackerError(f"file: cannot write {path}: {exc.strerror or exc}") from None


def open_tracker(context: TrackerContext) -> FileTracker:
    """The file tracker at ``context.backlog_file``."""
    return FileTracker(context.backlog_file, context.today)
