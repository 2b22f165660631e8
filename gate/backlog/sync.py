"""``gate backlog sync``: bring a tracker in line with the backlog results of a scan's JSON report.

List first, then act: the tracker is listed (every page, every state) before anything is written, and a
create whose outcome is unknown is followed by a new listing before it is tried again. A sync that fails
half-way therefore converges when it is run again, without duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gate.backlog import codeowners, factory, render, transport
from gate.backlog.findings import Findings, collect
from gate.backlog.model import Desired, Finding, Ticket, Tracker, TrackerContext
from gate.backlog.planner import KINDS, Action, Plan, plan
from gate.backlog.settings import BacklogSettings
from gate.backlog.transport import AmbiguousWrite, Sleep, TrackerError
from gate.errors import UsageError
from gate.loaders.discovery import scan_root
from gate.model import RunResult, Severity
from gate.safe import terminal
from gate.schema import SchemaError, check

Echo = Callable[[str], None]
CREATE_TRIES = 3
_PAST = {"create": "created", "update": "updated", "reopen": "reopened", "close": "closed"}


@dataclass
class SyncOptions:
    """What ``gate backlog sync`` was asked to do; ``None`` means "as configuration says"."""

    report: Path = Path("gate.json")
    tracker: str | None = None
    dry_run: bool = False
    commit: str | None = None
    include_blocking: bool | None = None
    due: dict[Severity, int | None] = field(default_factory=dict)
    backlog_file: Path | None = None
    settings: BacklogSettings = field(default_factory=BacklogSettings)  # configuration's backlog section
    cwd: Path = field(default_factory=Path.cwd)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ), repr=False)  # holds the tokens
    today: dt.date | None = None
    sleep: Sleep | None = None  # how to wait before a retry (default: time.sleep)
    timeout: float = 30.0


def read_report(path: Path) -> RunResult:
    """The scan's JSON report (``gate scan --report json=PATH``); a missing or foreign file is a usage error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: report not found (write it with `gate scan --report json={path}`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the report: {exc.__class__.__name__}") from None
    try:
        return check(RunResult, json.loads(text))
    except SchemaError as exc:
        where = ".".join(str(p) for p in exc.first.loc) or "(top)"
        raise UsageError(f"{path}: not a policy-gate JSON report ({where}: {exc.first.message})") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not a policy-gate JSON report ({exc})") from None


def commit_of(options: SyncOptions) -> str | None:
    """The commit being built: ``--commit``, else ``GITHUB_SHA`` or ``CI_COMMIT_SHA``."""
    return options.commit or options.environ.get("GITHUB_SHA") or options.environ.get("CI_COMMIT_SHA") or None


def links_of(environ: Mapping[str, str], commit: str | None) -> render.Links | None:
    """File links to the commit, when GitHub Actions' or GitLab CI's variables name the repository."""
    server, repository = environ.get("GITHUB_SERVER_URL"), environ.get("GITHUB_REPOSITORY")
    sha = commit or environ.get("GITHUB_SHA")
    if server and repository and sha:
        return render.Links(f"{server.rstrip('/')}/{repository}/blob/{sha}/", "github")
    project, sha = environ.get("CI_PROJECT_URL"), commit or environ.get("CI_COMMIT_SHA")
    if project and sha:
        return render.Links(f"{project.rstrip('/')}/-/blob/{sha}/", "gitlab")
    return None


def load_owners(
    root: Path, settings: BacklogSettings, environ: Mapping[str, str], tracker: str | None = None
) -> codeowners.CodeOwners | None:
    """The repository's CODEOWNERS, read in GitLab's dialect when configured so, on GitLab CI or for the
    gitlab tracker (and for ``.gitlab/CODEOWNERS`` or a file with sections), else in GitHub's."""
    on_gitlab = tracker == "gitlab" or bool(environ.get("GITLAB_CI") or environ.get("CI_PROJECT_URL"))
    dialect = settings.codeowners_syntax or ("gitlab" if on_gitlab else "github")
    return codeowners.find(root, dialect, root / settings.codeowners if settings.codeowners else None)


@dataclass
class Prepared:
    """A sync ready to list the tracker: the tracker, the findings, and how to render their tickets."""

    tracker: Tracker
    findings: Findings
    links: render.Links | None
    today: dt.date
    due: dict[Severity, int | None]

    def render(self, finding: Finding, first_seen: dt.date, reopened: int) -> Desired:
        return render.desired(finding, self.tracker.markup, first_seen, self.due, self.links, reopened)


def prepare(options: SyncOptions) -> Prepared:
    """Read the report, the configuration and CODEOWNERS, and open the tracker (nothing is sent yet)."""
    run = read_report(options.report)
    root = scan_root(options.cwd)
    settings = options.settings
    name = options.tracker or settings.tracker
    make = factory(name)
    env = options.environ
    owners = load_owners(root, settings, env, name)
    include = settings.include_blocking if options.include_blocking is None else options.include_blocking
    today = options.today or dt.date.today()
    backlog_file = options.backlog_file or root / settings.file
    sleep = options.sleep or transport.default_sleep
    context = TrackerContext(env, settings, root, backlog_file, sleep, options.timeout, today)
    tracker: Tracker = make(context)
    return Prepared(
        tracker,
        collect(run, include, owners),
        links_of(env, commit_of(options)),
        today,
        {**settings.due_days(), **options.due},
    )


def read_tickets(
    settings: BacklogSettings,
    root: Path,
    tracker: str | None,
    environ: Mapping[str, str],
    backlog_file: Path | None = None,
    today: dt.date | None = None,
    timeout: float = 30.0,
) -> tuple[str, list[Ticket]]:
    """The tickets the tracker holds (``tracker``, else configuration's ``backlog.tracker``), and where they are;
    read only, for ``gate backlog metrics`` and ``plan``."""
    make = factory(tracker or settings.tracker)
    context = TrackerContext(
        environ,
        settings,
        root,
        backlog_file or root / settings.file,
        transport.default_sleep,
        timeout,
        today or dt.date.today(),
    )
    opened: Tracker = make(context)
    return opened.target(), opened.list_tickets()


def sync(options: SyncOptions, echo: Echo) -> Plan:
    """Plan, and unless ``dry_run`` carry out, the changes; ``echo`` receives one line per change, made safe
    to print (titles and addresses come from the scanned tree: gate.safe)."""
    echo = _safely(echo)
    prepared = prepare(options)
    tracker = prepared.tracker
    try:
        tickets = tracker.list_tickets()
    except TrackerError as exc:
        raise TrackerError(f"{exc}. Nothing was changed.") from None
    actions = plan(prepared.findings, tickets, prepared.render, prepared.today)
    shown = [a for a in actions.actions if a.kind != "unchanged"]
    if options.dry_run:
        echo(f"backlog plan for {tracker.target()} (dry run: nothing is changed)")
        for action in shown:
            echo(f"  {action.kind:<8} {_describe(action)}")
        echo(_summary(actions))
        return actions
    done: dict[str, int] = {kind: 0 for kind in KINDS}
    commit = commit_of(options)
    for index, action in enumerate(shown):
        try:
            ref = _apply(tracker, action, commit)
        except TrackerError as exc:
            raise TrackerError(_failure(exc, done, shown[index:])) from None
        done[action.kind] += 1
        echo(f"  {_PAST[action.kind]:<8} {ref} {action.title}" + (f" ({action.why})" if action.why else ""))
    try:
        tracker.finish()
    except TrackerError as exc:
        raise TrackerError(_failure(exc, {k: 0 for k in KINDS}, shown)) from None
    echo(f"backlog synced with {tracker.target()}: {_summary(actions)}")
    return actions


def _apply(tracker: Tracker, action: Action, commit: str | None) -> str:
    at = f"at commit {commit}" if commit else "in the latest scan"
    if action.kind == "create":
        assert action.desired is not None
        return _create(tracker, action.desired).ref
    ticket = action.ticket
    assert ticket is not None
    if action.kind == "update":
        assert action.desired is not None
        tracker.update(ticket, action.desired, reopen=False)
    elif action.kind == "reopen":
        assert action.desired is not None
        tracker.comment(ticket, f"policy-gate found this again {at} ({action.desired.marker.file}): reopening.")
        tracker.update(ticket, action.desired, reopen=True)
    elif action.duplicate_of is not None:
        tracker.comment(
            ticket, f"Duplicate of {action.duplicate_of.ref}, which tracks the same policy-gate finding: closing."
        )
        tracker.close(ticket)
    else:
        tracker.comment(ticket, f"policy-gate no longer finds this in {ticket.marker.file} {at}: closing as fixed.")
        tracker.close(ticket)
    return ticket.ref


def _create(tracker: Tracker, desired: Desired) -> Ticket:
    """Create, and when the outcome is unknown, list again: adopt the ticket if it was made, else try again."""
    for _ in range(CREATE_TRIES):
        try:
            return tracker.create(desired)
        except AmbiguousWrite:
            for ticket in tracker.list_tickets():
                if ticket.fingerprint == desired.fingerprint:
                    return ticket
    raise TrackerError(f"{tracker.name}: creating '{desired.title}' failed {CREATE_TRIES} times with no answer")


def _describe(action: Action) -> str:
    ref = f"{action.ticket.ref} " if action.ticket else ""
    return f"{ref}{action.title}" + (f" ({action.why})" if action.why else "")


def _summary(result: Plan) -> str:
    notes = []
    if result.out_of_scope:
        notes.append(f"{result.out_of_scope} open ticket(s) of files this scan did not read left open")
    if result.legacy:
        notes.append(
            f"{result.legacy} open ticket(s) of an older policy-gate name several findings now (one per "
            "root and causing resource, each with its own ticket): left open, close them by hand"
        )
    if result.kept:
        notes.append(
            f"{result.kept} open ticket(s) of findings that are no longer backlog (blocking, waived) left open"
        )
    return result.counts() + ("; " + "; ".join(notes) if notes else "")


def _failure(error: TrackerError, done: Mapping[str, int], remaining: list[Action]) -> str:
    did = ", ".join(f"{_PAST[k]} {n}" for k, n in done.items() if k in _PAST and n) or "nothing"
    left = {kind: sum(1 for a in remaining if a.kind == kind) for kind in _PAST}
    not_done = ", ".join(f"{kind} {n}" for kind, n in left.items() if n)
    return (
        f"{error}. Done before the failure: {did}. Not done: {not_done}. Run the sync again: it lists the "
        "tracker first, so it finishes the rest without duplicates."
    )


def _safely(echo: Echo) -> Echo:
    return lambda line: echo(terminal(line))
