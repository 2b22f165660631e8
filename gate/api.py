"""The library face of the gate: ``scan(options) -> RunResult``. The CLI is a thin layer over this."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gate import __version__
from gate.discovery import discover, scan_root
from gate.engine.evaluate import evaluate, fingerprint
from gate.errors import InputError, UsageError
from gate.gating import BUILTIN_STAGES, DEFAULT_STAGE, decide, disposition
from gate.loaders.base import LoadOutput
from gate.model import (
    Disposition,
    InputErrorEntry,
    Location,
    ResourceRef,
    Result,
    RunResult,
    Severity,
    Status,
    Summary,
    ToolInfo,
)
from gate.policies import LoadedPolicy, builtin_dir, load_policies

if TYPE_CHECKING:
    from gate.loaders.terraform_files import SourceCache

INPUT_ERROR_ID = "GATE-INPUT-ERROR"


@dataclass
class ScanOptions:
    paths: list[Path] = field(default_factory=lambda: [Path(".")])
    var_files: list[Path] = field(default_factory=list)
    param_files: list[Path] = field(default_factory=list)
    stage: str = DEFAULT_STAGE
    cwd: Path = field(default_factory=Path.cwd)
    environ: dict[str, str] | None = None
    policy_dirs: list[Path] = field(default_factory=list)


class Display:
    """Paths as results show them: relative to the scan root, with ``/``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, path: Path) -> str:
        absolute = path if path.is_absolute() else (Path.cwd() / path)
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            resolved = absolute.resolve()
            try:
                return resolved.relative_to(self.root).as_posix()
            except ValueError:
                return Path(os.path.relpath(resolved, self.root)).as_posix()


def load_inputs(options: ScanOptions, display: Display) -> LoadOutput:
    """Every resource of every input, with the errors and notices met on the way."""
    from gate.loaders.cloudformation import read_parameter_file
    from gate.loaders.detect import load_data_file
    from gate.loaders.terraform_files import SourceCache
    from gate.loaders.terraform_hcl import load_terraform

    paths = [p if p.is_absolute() else options.cwd / p for p in options.paths]
    inputs = discover(paths)
    out = LoadOutput()
    parameters: dict[str, str] = {}
    for param_file in options.param_files:
        try:
            parameters.update(read_parameter_file(param_file))
        except InputError as exc:
            out.errors.append(exc)
    var_files = [p if p.is_absolute() else options.cwd / p for p in options.var_files]
    for var_file in var_files:
        if not var_file.is_file():
            raise UsageError(f"{var_file}: variables file not found")
    environ = dict(os.environ) if options.environ is None else options.environ
    sources = SourceCache()
    called = _called_module_dirs(inputs.terraform_dirs, sources, display)
    for directory, files in sorted(inputs.terraform_dirs.items()):
        if files is None and directory.resolve() in called:
            continue  # a local module of another root: evaluated there, with its inputs bound
        unit = load_terraform(directory, display.root, display, var_files, environ, sources)
        if files is not None:  # files named on the command line: read with their module, report only them
            wanted = {display(f) for f in files}
            unit.resources = [r for r in unit.resources if r.location.file in wanted]
        out.extend(unit)
    out.errors.extend(sources.errors())
    for path in inputs.data_files:
        loaded = load_data_file(path, display(path), parameters)
        if loaded is not None:
            out.extend(loaded)
    return out


def _called_module_dirs(terraform_dirs: dict[Path, list[Path] | None], sources: SourceCache, display: Display) -> set[Path]:
    """Directories that another scanned directory calls as a local module (``source = "./..."``)."""
    called: set[Path] = set()
    for directory, files in terraform_dirs.items():
        if files is not None:
            continue
        for declared in sources.get(directory, display).modules.values():
            source = declared.block.body.attributes.get("source")
            value = getattr(source.expr, "value", None) if source is not None else None
            if isinstance(value, str) and value.startswith(("./", "../")):
                called.add((directory / value).resolve())
    return called


def error_result(error: InputError, display_format: str = "unknown") -> Result:
    line = error.line or 0
    return Result(
        policy_id=INPUT_ERROR_ID,
        title="Input could not be read",
        severity=Severity.CRITICAL,
        family="input",
        status=Status.ERROR,
        resource=ResourceRef(address=error.file, type="file", format=display_format),
        location=Location(file=error.file, start_line=line, end_line=line),
        message=error.message,
        fingerprint=fingerprint(INPUT_ERROR_ID, error.file, error.file),
    )


def policies_for(options: ScanOptions) -> list[LoadedPolicy]:
    return load_policies([builtin_dir(), *options.policy_dirs])


def scan(options: ScanOptions) -> RunResult:
    """Load every input, evaluate every policy, decide. Input errors become error results (fail closed)."""
    if options.stage not in BUILTIN_STAGES:
        raise UsageError(f"unknown stage {options.stage!r} (expected one of {', '.join(BUILTIN_STAGES)})")
    profile = BUILTIN_STAGES[options.stage]
    policies = policies_for(options)
    display = Display(scan_root(options.cwd))
    loaded = load_inputs(options, display)
    results = evaluate(loaded.resources, policies)
    results.extend(error_result(e) for e in loaded.errors)
    for result in results:
        result.disposition = disposition(result, profile)
    results.sort(key=lambda r: (r.location.file, r.location.start_line, r.policy_id, r.resource.address))
    passed, decision = decide(results)
    failed = {s.value: 0 for s in Severity}
    for result in results:
        if result.status is Status.FAILED:
            failed[result.severity.value] += 1
    used = {r.policy_id for r in results}
    return RunResult(
        tool=ToolInfo(version=__version__),
        stage=options.stage,
        passed=passed,
        decision=decision,
        summary=Summary(
            failed=failed,
            passed=sum(1 for r in results if r.status is Status.PASSED),
            unknown=sum(1 for r in results if r.status is Status.UNKNOWN),
            errors=sum(1 for r in results if r.status is Status.ERROR),
        ),
        results=results,
        errors=[InputErrorEntry(file=e.file, line=e.line, message=e.detail) for e in sorted(loaded.errors, key=lambda e: (e.file, e.line or 0))],
        notices=sorted(dict.fromkeys(loaded.notices)),
        policies={p.policy.id: p.policy.info() for p in policies if p.policy.id in used},
    )


__all__ = ["Disposition", "ScanOptions", "scan"]
