"""What every command that scans shares: its options, and the ScanOptions they make."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from gate.cli.engines import engine_option

F = TypeVar("F", bound=Callable[..., Any])
PathArg = click.Path(path_type=Path)


def echo_pieces(pieces: Iterable[str]) -> None:
    for piece in pieces:
        click.echo(piece, nl=False)


def scan_options(command: F) -> F:
    """The options every command that scans shares."""
    options = [
        click.argument("paths", nargs=-1, type=PathArg),
        click.option("--stage", help="Pipeline stage profile: pre-commit, pr, deploy, or one from configuration."),
        click.option(
            "--config", type=PathArg, help="Configuration file (default: .gate.yaml or [tool.gate] in pyproject.toml)."
        ),
        click.option(
            "--var-file", "var_files", multiple=True, type=PathArg, help="Terraform variables file (repeatable)."
        ),
        click.option(
            "--param-file",
            "param_files",
            multiple=True,
            type=PathArg,
            help="CloudFormation parameters file (repeatable).",
        ),
        click.option("--waivers", type=PathArg, help="Waiver file (default: .gate-waivers.yaml at the scan root)."),
        click.option(
            "--source", type=PathArg, help="Terraform configuration of the plans scanned (default: each plan's folder)."
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            help="Read and write no cache: every file is parsed and the policy library built again.",
        ),
        click.option(
            "--offline",
            is_flag=True,
            help="Fetch no remote module: read them from the module cache or .terraform/modules.",
        ),
        click.option(
            "--no-blame",
            is_flag=True,
            help="Do not name who last changed each failed block (git blame) or the change request.",
        ),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
        engine_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def scan_options_of(kwargs: dict[str, Any], **extra: Any) -> Any:
    from gate.api import ScanOptions

    return ScanOptions(
        paths=list(kwargs["paths"]),  # none: the whole repository (the scan root)
        var_files=list(kwargs["var_files"]),
        param_files=list(kwargs["param_files"]),
        stage=kwargs["stage"],
        config=kwargs["config"],
        waivers=kwargs["waivers"],
        parse_cache=not kwargs["no_cache"],
        source=kwargs["source"],
        engines=list(kwargs["engines"]),
        offline=kwargs["offline"],
        blame=not kwargs["no_blame"],
        **extra,
    )
