"""``gate backlog``: the click group the main command registers (``main.add_command(backlog)``).

Options in, one call into ``gate.backlog.sync`` or ``gate.backlog.remediation``, an exit code out; errors go
through the gate's one error boundary (a one-line message, exit 2, no traceback unless ``--debug``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from gate.backlog.settings import BacklogSettings
    from gate.model import Severity

PathArg = click.Path(path_type=Path)
# Options several commands share, written once.
FILE_OPTION = click.option(
    "--file",
    "backlog_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file tracker's JSON file (default: backlog.file, else gate-backlog.json at the repository root).",
)
CONFIG_OPTION = click.option(
    "--config", type=PathArg, help="Configuration file (default: .gate.yaml or [tool.gate] in pyproject.toml)."
)
DEBUG_OPTION = click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")


def _run(debug: bool, action: Callable[[], int]) -> None:
    from gate.boundary import boundary

    sys.exit(boundary(debug, action))


@click.group()
def backlog() -> None:
    """Turn backlog results of a scan into tickets that stay de-duplicated, routed and closed when fixed."""


@backlog.command()
@click.option(
    "--report",
    type=PathArg,
    default=Path("gate.json"),
    show_default=True,
    help="The scan's JSON report (gate scan --report json=PATH).",
)
@click.option(
    "--tracker",
    metavar="NAME",
    help="file (default), github, gitlab or jira; default from backlog.tracker in configuration.",
)
@click.option(
    "--dry-run", is_flag=True, help="Print what would change (create, update, reopen, close) and change nothing."
)
@click.option(
    "--commit", help="The commit scanned, named in close comments and links (default: GITHUB_SHA or CI_COMMIT_SHA)."
)
@click.option(
    "--include-blocking/--no-include-blocking",
    default=None,
    help="Also keep tickets for blocking results (default: backlog.include_blocking, else no).",
)
@click.option(
    "--due",
    multiple=True,
    metavar="SEVERITY=DAYS",
    help="Days from first seen to due date, e.g. --due high=14 --due medium=45 (repeatable; 'none' for no date).",
)
@FILE_OPTION
@CONFIG_OPTION
@DEBUG_OPTION
def sync(
    report: Path,
    tracker: str | None,
    dry_run: bool,
    commit: str | None,
    include_blocking: bool | None,
    due: tuple[str, ...],
    backlog_file: Path | None,
    config: Path | None,
    debug: bool,
) -> None:
    """Bring the tracker in line with the report: create, update, reopen and close tickets (exit 0 done, 2 error)."""

    def run() -> int:
        from gate.api import backlog_settings
        from gate.backlog.settings import parse_due
        from gate.backlog.sync import SyncOptions
        from gate.backlog.sync import sync as run_sync
        from gate.loaders.discovery import scan_root

        options = SyncOptions(
            report=report,
            tracker=tracker,
            dry_run=dry_run,
            commit=commit,
            include_blocking=include_blocking,
            due=parse_due(due),
            backlog_file=backlog_file,
            settings=backlog_settings(scan_root(Path.cwd()), config),
        )
        run_sync(options, click.echo)
        return 0

    _run(debug, run)


@backlog.command()
@click.option(
    "--report",
    type=PathArg,
    default=Path("gate.json"),
    show_default=True,
    help="The scan's JSON report (gate scan --report json=PATH).",
)
@click.option("--due", multiple=True, metavar="SEVERITY=DAYS", help="Days allowed per severity, as for sync.")
@click.option(
    "--tracker",
    metavar="NAME",
    help="Read the tickets of this tracker to put past-due findings first (default: the file tracker's file when used).",
)
@CONFIG_OPTION
@DEBUG_OPTION
def plan(report: Path, due: tuple[str, ...], tracker: str | None, config: Path | None, debug: bool) -> None:
    """Print a remediation plan in Markdown: phases by severity, then owners, with remediation per policy."""

    def run() -> int:
        import os

        from gate.api import backlog_settings
        from gate.backlog.remediation import render_plan
        from gate.backlog.settings import parse_due
        from gate.backlog.sync import load_owners, read_report
        from gate.loaders.discovery import scan_root

        result = read_report(report)
        root = scan_root(Path.cwd())
        settings = backlog_settings(root, config)
        owners = load_owners(root, settings, os.environ)
        days = {**settings.due_days(), **parse_due(due)}
        click.echo(render_plan(result, owners, days, _overdue(settings, root, tracker, days)), nl=False)
        return 0

    _run(debug, run)


def _overdue(settings: BacklogSettings, root: Path, tracker: str | None, days: dict[Severity, int | None]) -> set[str]:
    """The findings whose ticket is past due: from ``--tracker``, or the file tracker's file when configuration
    uses it and it exists (a network tracker is only asked when named: it needs a token)."""
    import datetime as dt
    import os

    from gate.backlog.metrics import overdue_fingerprints
    from gate.backlog.sync import read_tickets

    if tracker is None and (settings.tracker != "file" or not (root / settings.file).is_file()):
        return set()
    today = dt.date.today()
    _, tickets = read_tickets(settings, root, tracker, os.environ, today=today)
    return overdue_fingerprints(tickets, today, days)


@backlog.command()
@click.option(
    "--tracker", metavar="NAME", help="file, github, gitlab or jira; default from backlog.tracker in configuration."
)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First day of the remediation times and the weekly trend (default: twelve weeks ago).",
)
@FILE_OPTION
@CONFIG_OPTION
@DEBUG_OPTION
def metrics(
    tracker: str | None,
    fmt: str,
    since: dt.datetime | None,
    backlog_file: Path | None,
    config: Path | None,
    debug: bool,
) -> None:
    """Report open items by severity, owner and age, time to remediate, past-due and reopened items, and the
    weekly trend, from the tracker's tickets (Markdown with a Mermaid chart, or JSON)."""

    def run() -> int:
        import os

        from gate.api import backlog_settings
        from gate.backlog import metrics as numbers
        from gate.backlog.sync import read_tickets
        from gate.loaders.discovery import scan_root

        root = scan_root(Path.cwd())
        settings = backlog_settings(root, config)
        today = dt.date.today()
        target, tickets = read_tickets(settings, root, tracker, os.environ, backlog_file, today)
        result = numbers.compute(tickets, today, settings.due_days(), since.date() if since else None)
        click.echo(numbers.to_json(result) if fmt == "json" else numbers.to_markdown(result, target), nl=False)
        return 0

    _run(debug, run)


@click.command()
@click.option(
    "--report",
    type=PathArg,
    default=Path("gate.json"),
    show_default=True,
    help="The scan's JSON report (gate scan --report json=PATH).",
)
@click.option(
    "--config",
    type=PathArg,
    help="A trusted configuration outside the scanned tree with the notify routes (docs/backlog.md).",
)
@click.option(
    "--tracker",
    metavar="NAME",
    help="Where open tickets are read (their findings are not new): default from backlog.tracker.",
)
@click.option("--dry-run", is_flag=True, help="Print the messages and send nothing.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for each destination's answer (a message without one is not sent again).",
)
@DEBUG_OPTION
def notify(report: Path, config: Path | None, tracker: str | None, dry_run: bool, timeout: float, debug: bool) -> None:
    """Send the new findings of a scan (not in the baseline, no open ticket) to Slack, Teams or a webhook, routed by
    severity and owner (exit 0 sent, 2 error)."""

    def run() -> int:
        import os

        from gate.backlog import notify as announce
        from gate.backlog.sync import load_owners, read_report, read_tickets
        from gate.config import load_settings
        from gate.loaders.discovery import scan_root

        result = read_report(report)
        root = scan_root(Path.cwd())
        settings = load_settings(root, config).settings
        _, tickets = read_tickets(settings.backlog, root, tracker, os.environ)
        owners = load_owners(root, settings.backlog, os.environ, tracker)
        outcome = announce.notify(
            result, settings.notify, tickets, owners, os.environ, click.echo, dry_run, timeout=timeout
        )
        if outcome.failed:
            from gate.backlog.transport import TrackerError

            raise TrackerError(f"{len(outcome.failed)} destination(s) failed; {len(outcome.sent)} sent")
        return 0

    _run(debug, run)
