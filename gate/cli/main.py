"""The command line: options in, one api call, an exit code out. No logic lives here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from gate import __version__
from gate.boundary import boundary
from gate.cli.engines import engine_option, engines
from gate.errors import EXIT_BLOCKED, EXIT_ERROR, EXIT_PASSED
from gate.reporters import REPORTERS

F = TypeVar("F", bound=Callable[..., Any])
PathArg = click.Path(path_type=Path)


def _echo(pieces: Iterable[str]) -> None:
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


def _options(kwargs: dict[str, Any], **extra: Any) -> Any:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="policy-gate", message="%(prog)s %(version)s")
def main() -> None:
    """policy-gate: scan Terraform and CloudFormation against encryption, permission and network policies."""


FORMATS = list(REPORTERS)


def _report_spec(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    specs = []
    for value in values:
        name, _, path = value.partition("=")
        if name not in FORMATS or not path:
            raise click.BadParameter(
                f"{value!r}: expected FORMAT=PATH with FORMAT one of {', '.join(FORMATS)} (PATH - for stdout)"
            )
        specs.append((name, path))
    return specs


def _block_on(value: str | None) -> Any:
    from gate.block_on import parse
    from gate.errors import UsageError

    try:
        return None if value is None else parse(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc).removeprefix("--block-on ")) from None


def _markdown_limit(value: str) -> int:
    from gate.reporters.markdown import LIMITS

    if value in LIMITS:
        return LIMITS[value]
    if value.isdigit() and int(value) >= 4096:
        return int(value)
    raise click.BadParameter(f"{value!r}: expected comment, summary or a number of bytes (4096 or more)")


@main.command()
@scan_options
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="What stdout shows."
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Also write the JSON result to this file."
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    callback=_report_spec,
    metavar="FORMAT=PATH",
    help="Also write a report (repeatable; PATH - for stdout): " + ", ".join(FORMATS) + ".",
)
@click.option(
    "--junit-backlog",
    type=click.Choice(["failure", "skipped"]),
    default="skipped",
    show_default=True,
    help="How JUnit shows failed results that only become backlog items (skipped: the test report is red "
    "only when the gate blocks).",
)
@click.option(
    "--block-on",
    metavar="SEVERITIES",
    callback=lambda _c, _p, v: _block_on(v),
    help="The severities that block at this stage: one blocks it and all more severe (high), a list names "
    "them (critical,medium), none blocks on none. Others the stage acted on become backlog.",
)
@click.option(
    "--markdown-limit",
    default="summary",
    show_default=True,
    metavar="comment|summary|BYTES",
    callback=lambda _c, _p, v: _markdown_limit(v),
    help="Most bytes of the Markdown report: comment (65,536, a pull or merge request comment), summary "
    "(1 MiB, GitHub's step summary) or a number.",
)
@click.option("--baseline", type=PathArg, help="Baseline file: results already in it are backlog, not blocking.")
@click.option("--no-baseline", is_flag=True, help="Ignore any configured baseline.")
@click.option(
    "--base-ref",
    metavar="REF",
    help="Read configuration, waivers, baseline and policy folders as commit REF (the base of the change) "
    "has them, not from the tree: a pull request's edits to them apply after merge.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output (default: on a terminal only, and not when NO_COLOR is set).",
)
def scan(
    fmt: str,
    output: Path | None,
    reports: list[tuple[str, str]],
    junit_backlog: str,
    block_on: Any,
    markdown_limit: int,
    baseline: Path | None,
    no_baseline: bool,
    base_ref: str | None,
    color: bool | None,
    **kwargs: Any,
) -> None:
    """Scan PATHS (default: the whole repository) and decide: exit 0 passed, 1 blocked, 2 error."""

    def run() -> int:
        import datetime as dt
        import os

        from gate.api import scan as run_scan
        from gate.api import write_reports
        from gate.progress import Progress, delay, wanted
        from gate.reporters import ReportOptions, chunks

        started = dt.datetime.now(dt.UTC)
        with Progress(
            sys.stderr, "scanning", enabled=wanted(sys.stdout, sys.stderr, os.environ), delay=delay(os.environ)
        ):
            result = run_scan(
                _options(kwargs, baseline=baseline, use_baseline=not no_baseline, base_ref=base_ref, block_on=block_on)
            )
        options = ReportOptions.from_environment(
            os.environ,
            scan_started=started,
            scan_finished=dt.datetime.now(dt.UTC),
            junit_backlog=junit_backlog,
            markdown_limit=markdown_limit,
        )
        outputs = [("json", str(output))] if output is not None else []
        for name, path in [*outputs, *reports]:
            if path == "-":
                _echo(chunks(name, options)(result))
            else:
                write_reports(result, [(name, Path(path))], options)
        if not any(path == "-" for _, path in reports):
            if fmt == "text":
                from dataclasses import replace

                from gate.reporters.text import render, use_color

                click.echo(
                    render(result, replace(options, color=use_color(color, sys.stdout, os.environ))),
                    nl=False,
                    color=True,
                )
            else:
                _echo(chunks(fmt, options)(result))
        return EXIT_PASSED if result.passed else EXIT_BLOCKED

    sys.exit(boundary(kwargs["debug"], run))


@main.group()
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

        entries = baselines.entries_of(run_scan(_options(kwargs, use_baseline=False)))
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
        entries, added, removed = baselines.update(existing, run_scan(_options(kwargs, use_baseline=False)))
        baselines.write(baseline_file, entries)
        click.echo(f"baseline: {len(entries)} entries in {baseline_file} ({added} added, {removed} fixed and removed)")
        return EXIT_PASSED

    sys.exit(boundary(kwargs["debug"], run))


@main.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("show")
@click.option("--config", "config_file", type=PathArg, help="Configuration file (default: found at the scan root).")
@click.option("--stage", help="Also show the effective profile of this stage.")
def config_show(config_file: Path | None, stage: str | None) -> None:
    """Print the effective configuration (defaults included) as YAML."""

    def run() -> int:
        from gate.config import render_effective
        from gate.safe import block

        click.echo(block(render_effective(Path.cwd(), config_file, stage)), nl=False)
        return EXIT_PASSED

    sys.exit(boundary(False, run))


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

    sys.exit(boundary(False, run))


@policies.command("docs")
def policies_docs() -> None:
    """Print docs/policies.md, the catalogue generated from the policy files."""

    def run() -> int:
        from gate.policies import builtin_dir, load_policies
        from gate.policy_docs import catalogue

        click.echo(catalogue(load_policies([builtin_dir()])), nl=False)
        return EXIT_PASSED

    sys.exit(boundary(False, run))


@main.command()
@click.argument("policy_id")
@click.option("--no-examples", is_flag=True, help="Leave out the pass and fail examples.")
def explain(policy_id: str, no_examples: bool) -> None:
    """Explain a policy: what it checks, why, how to fix it per format, and its examples."""

    def run() -> int:
        from gate.errors import UsageError
        from gate.policies import builtin_dir, load_policies
        from gate.policy_docs import explain as render

        found = {p.policy.id: p for p in load_policies([builtin_dir()])}
        if policy_id not in found:
            raise UsageError(f"no policy {policy_id!r} (gate policies list shows them)")
        click.echo(render(found[policy_id], not no_examples), nl=False)
        return EXIT_PASSED

    sys.exit(boundary(False, run))


@main.command()
@click.option("--ci", type=click.Choice(["github", "gitlab"]), help="Also write the CI configuration of this system.")
@click.option("--force", is_flag=True, help="Overwrite files that exist (they are kept by default).")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), required=False)
def init(ci: str | None, force: bool, directory: Path | None) -> None:
    """Set DIRECTORY (default: the repository the current directory is in) up for the gate: a commented
    .gate.yaml, a .pre-commit-config.yaml with the hook and, with --ci, the CI configuration. Existing files
    are kept unless --force is given."""

    def run() -> int:
        from gate.errors import UsageError
        from gate.init import initialise
        from gate.loaders.discovery import scan_root

        root = directory if directory is not None else scan_root(Path.cwd())
        if not root.is_dir():
            raise UsageError(f"{root}: no such directory")
        if root.resolve() != Path.cwd().resolve():
            click.echo(f"in {root}:")
        for message in initialise(root, ci, force):
            click.echo(message)
        return EXIT_PASSED

    sys.exit(boundary(False, run))


def _register() -> None:
    """Command groups that live beside their feature (their heavy imports stay inside the commands)."""
    from gate.cli.backlog import backlog, notify

    main.add_command(backlog)
    main.add_command(notify)
    main.add_command(engines)


_register()


def entry() -> None:
    """The ``gate`` program (and ``python -m gate``): run the command, then leave at once.

    A scan leaves hundreds of thousands of objects behind; tearing the interpreter down frees each of them and
    takes longer than some scans (0.05 to 0.1 s for 1,000 resources). Everything the command writes is
    written by then (reports are closed files, the pool of parse workers is shut down, progress is stopped):
    standard output and error are flushed, and the process exits with the command's code.
    """
    try:
        main()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    if isinstance(status, int):
        code = status
    elif status is None:
        code = EXIT_PASSED
    else:  # sys.exit("message"): Python would print it and exit 1
        print(status, file=sys.stderr)
        code = EXIT_ERROR
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (``gate scan | head``): nothing more can be said
        code = code or EXIT_ERROR
    os._exit(code)
