"""``gate baseline``: record today's findings so that only new ones block (gate.gating.baseline)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from gate.boundary import boundary
from gate.cli.scan_options import scan_options, scan_options_of
from gate.errors import EXIT_PASSED


@click.group()
def baseline() -> None:
    """Record today's findings so that only new ones block."""


@baseline.command("create")
@scan_options
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path(".gate-baseline.json"),
    show_default=True,
    help="Where to write the baseline.",
)
def baseline_create(output: Path, **kwargs: Any) -> None:
    """Write the fingerprints of the current failed and unknown results of PATHS."""

    def run() -> int:
        import gate.gating.baseline as baselines
        from gate.api import scan as run_scan

        entries = baselines.entries_of(run_scan(scan_options_of(kwargs, use_baseline=False)))
        baselines.write(output, entries)
        click.echo(f"baseline: {len(entries)} entries written to {output}")
        return EXIT_PASSED

    sys.exit(boundary(kwargs["debug"], run))


@baseline.command("update")
@scan_options
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path(".gate-baseline.json"),
    show_default=True,
    help="The baseline to update in place.",
)
def baseline_update(baseline_file: Path, **kwargs: Any) -> None:
    """Add new findings of PATHS to the baseline and drop those fixed in the files scanned."""

    def run() -> int:
        import gate.gating.baseline as baselines
        from gate.api import scan as run_scan

        existing = baselines.read(baseline_file)
        entries, added, removed = baselines.update(existing, run_scan(scan_options_of(kwargs, use_baseline=False)))
        baselines.write(baseline_file, entries)
        click.echo(f"baseline: {len(entries)} entries in {baseline_file} ({added} added, {removed} fixed and removed)")
        return EXIT_PASSED

    sys.exit(boundary(kwargs["debug"], run))
