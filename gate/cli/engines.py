"""Command line of the engines: ``gate engines install checkov``, and the ``--engine`` option of the scans."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from gate.checkov import CHECKOV, ENGINE_NAMES

engine_option = click.option(
    "--engine",
    "engines",
    multiple=True,
    type=click.Choice(list(ENGINE_NAMES)),
    help="Also run this engine (repeatable), beside those configured: checkov runs Checkov from its own "
    "environment (docs/checkov.md).",
)


@click.group()
def engines() -> None:
    """Engines beside the gate's own policies: Checkov (docs/checkov.md)."""


@engines.command("install")
@click.argument("engine", type=click.Choice([CHECKOV]))
@click.option(
    "--version",
    "version",
    help="Checkov release to install (default: the one the shipped severity mapping was reviewed against).",
)
@click.option(
    "--venv",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where to create its environment (default: policy-gate/engines/checkov in the user's cache folder).",
)
@click.option(
    "--python", default=sys.executable, help="Interpreter that creates the environment (default: the gate's)."
)
@click.option("--force", is_flag=True, help="Make a new environment even if one is there.")
@click.option("--requirement", hidden=True, help="A pip requirement to install instead of checkov==VERSION.")
def install(
    engine: str, version: str | None, venv: Path | None, python: str, force: bool, requirement: str | None
) -> None:
    """Install ENGINE (checkov) in a virtual environment of its own, never the gate's."""

    def run() -> int:
        from gate.checkov.install import install as make
        from gate.checkov.install import managed_venv, reviewed_version
        from gate.checkov.runner import ENV_COMMAND

        managed = managed_venv(os.environ)
        target = venv or managed
        command, installed = make(
            target,
            requirement or f"checkov=={version or reviewed_version()}",
            python=python,
            force=force,
            echo=lambda line: click.echo(f"gate: {line}", err=True),
        )
        click.echo(f"Checkov {installed} is installed: {command}")
        if target.absolute() == managed.absolute():
            click.echo(
                "The gate runs it when engines.checkov.command, $POLICY_GATE_CHECKOV and PATH name no other "
                "Checkov. Turn the engine on with `engines: [native, checkov]` or `gate scan --engine checkov`."
            )
        else:
            click.echo(
                f"Point the gate at it: `export {ENV_COMMAND}={command}`, or `engines: {{checkov: {{command: "
                f"{command}}}}}` in .gate.yaml."
            )
        return 0

    from gate.boundary import boundary

    sys.exit(boundary(False, run))
