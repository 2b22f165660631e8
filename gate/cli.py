"""The command line: options in, one api call, an exit code out. No logic lives here."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gate import __version__
from gate.errors import EXIT_BLOCKED, EXIT_ERROR, EXIT_PASSED, GateError

F = TypeVar("F", bound=Callable[..., Any])


def _boundary(debug: bool, action: Callable[[], int]) -> int:
    """The one error boundary: known errors print one line and exit 2; nothing else shows a traceback
    unless ``--debug`` asks for it."""
    try:
        return action()
    except GateError as exc:
        click.echo(f"gate: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("gate: interrupted", err=True)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the boundary: fail closed, never a bare traceback
        if debug:
            traceback.print_exc()
        click.echo(f"gate: internal error: {exc.__class__.__name__}: {exc} (run with --debug for details)", err=True)
        return EXIT_ERROR


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="policy-gate", message="%(prog)s %(version)s")
def main() -> None:
    """policy-gate: scan Terraform and CloudFormation against encryption, permission and network policies."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="What stdout shows.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Also write the JSON result to this file.")
@click.option("--stage", default="pr", show_default=True, help="Pipeline stage profile: pre-commit, pr or deploy.")
@click.option("--var-file", "var_files", multiple=True, type=click.Path(path_type=Path), help="Terraform variables file (repeatable).")
@click.option("--param-file", "param_files", multiple=True, type=click.Path(path_type=Path), help="CloudFormation parameters file (repeatable).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def scan(paths: tuple[Path, ...], fmt: str, output: Path | None, stage: str, var_files: tuple[Path, ...],
         param_files: tuple[Path, ...], debug: bool) -> None:
    """Scan PATHS (default: the current directory) and decide: exit 0 passed, 1 blocked, 2 error."""

    def run() -> int:
        from gate.api import ScanOptions
        from gate.api import scan as run_scan
        from gate.reporters import writer

        options = ScanOptions(
            paths=list(paths) or [Path(".")], var_files=list(var_files), param_files=list(param_files), stage=stage
        )
        result = run_scan(options)
        if output is not None:
            output.write_text(writer("json")(result), encoding="utf-8")
        click.echo(writer(fmt)(result), nl=False)
        return EXIT_PASSED if result.passed else EXIT_BLOCKED

    sys.exit(_boundary(debug, run))


@main.group()
def policies() -> None:
    """Inspect the built-in policies."""


@policies.command("list")
def policies_list() -> None:
    """List policies: id, family, severity, title, formats."""

    def run() -> int:
        from gate.policies import builtin_dir, load_policies

        for loaded in load_policies([builtin_dir()]):
            p = loaded.policy
            click.echo(f"{p.id:<16} {p.family.value:<11} {p.severity.value:<9} {p.title}  [{', '.join(p.targets)}]")
        return EXIT_PASSED

    sys.exit(_boundary(False, run))
