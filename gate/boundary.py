"""The one error boundary every command group shares (pre-commit's ``error_handler`` is the model): known errors
print one line and exit with their code; nothing else shows a traceback unless ``--debug`` asks for it. The
command groups import it; nothing imports the CLI."""

from __future__ import annotations

import traceback
from collections.abc import Callable

import click

from gate.errors import EXIT_ERROR, GateError


def boundary(debug: bool, action: Callable[[], int]) -> int:
    """The one error boundary: known errors print one line and exit 2; nothing else shows a traceback
    unless ``--debug`` asks for it. The garbage collector is paused while the command runs (gate.collector)."""
    from gate.collector import paused

    try:
        with paused():
            return action()
    except GateError as exc:
        click.echo(f"gate: error: {_shown(exc)}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("gate: interrupted", err=True)
        return EXIT_ERROR
    except BrokenPipeError:  # ``gate scan | head``: the reader left before the end
        click.echo("gate: error: the output was closed before it was all written", err=True)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the boundary: fail closed, never a bare traceback
        if debug:
            traceback.print_exc()
        click.echo(
            f"gate: internal error: {exc.__class__.__name__}: {_shown(exc)} (run with --debug for details)", err=True
        )
        return EXIT_ERROR


def _shown(exc: Exception) -> str:
    """An error's message as one printable line: it may quote scanned text (gate.safe)."""
    from gate.safe import terminal

    return terminal(exc)
