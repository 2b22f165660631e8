"""The library face of the gate: ``scan(options) -> RunResult``. The CLI is a thin layer over this."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gate import __version__, baseline
from gate.config import LoadedSettings, load_settings
from gate.discovery import discover, scan_root
from gate.engine.evaluate import evaluate, fingerprint
from gate.errors import ConfigError, InputError, UsageError
from gate.gating import decide
from gate.governance import Governance
from gate.loaders.base import LoadOutput
from gate.loaders.terraform_files import DEFAULT_MAX_FILE_SIZE
from gate.model import (
    FORMAT_PLAN,
    FORMAT_TERRAFORM,
    BaselineInfo,
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
from gate.waivers import glob, load_waivers

if TYPE_CHECKING:
    from gate.loaders.terraform_files import SourceCache

INPUT_ERROR_ID = "GATE-INPUT-ERROR"


@dataclass
class ScanOptions:
    """What a scan reads and how it decides. ``None`` means "as configuration says" (or the default)."""

    paths: list[Path] = field(default_factory=lambda: [Path(".")])
    var_files: list[Path] = field(default_factory=list)
    param_files: list[Path] = field(default_factory=list)
    stage: str | None = None
    cwd: Path = field(default_factory=Path.cwd)
    environ: dict[str, str] | None = None
    policy_dirs: list[Path] = field(default_factory=list)
    config: Path | None = None
    waivers: Path | None = None
    baseline: Path | None = None
    use_baseline: bool = True
    today: dt.date | None = None
    parse_cache: bool = True


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


def load_inputs(options: ScanOptions, display: Display, max_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadOutput:
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
    from gate.parse_cache import ParseCache

    sources = SourceCache(max_size, ParseCache.from_environment(options.parse_cache))
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
    out.notices.extend(sources.notices())
    out.notices.extend(f"{display(link)}: symbolic link not followed" for link in inputs.skipped_links)
    for path in inputs.data_files:
        loaded = load_data_file(path, display(path), parameters, max_size)
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


def _absolute(path: Path, base: Path) -> Path:
    return path if path.is_absolute() else base / path


def select_policies(options: ScanOptions, settings: LoadedSettings) -> list[LoadedPolicy]:
    """Built-in and configured policy folders, narrowed by include/exclude (ids, families or globs)."""
    base = settings.directory or options.cwd
    extra = [_absolute(Path(p), base) for p in settings.settings.policies.paths]
    for folder in extra:
        if not folder.is_dir():
            raise ConfigError(f"{settings.source}: policies.paths: {folder} is not a folder")
    policies = load_policies([builtin_dir(), *extra, *options.policy_dirs])
    selection = settings.settings.policies

    def named(loaded: LoadedPolicy, patterns: list[str]) -> bool:
        policy = loaded.policy
        return any(p == policy.family.value or glob(p).fullmatch(policy.id) for p in patterns)

    if selection.include:
        policies = [p for p in policies if named(p, selection.include)]
    return [p for p in policies if not named(p, selection.exclude)]


def _governance(options: ScanOptions, loaded_settings: LoadedSettings, root: Path, stage: str,
                policies: list[LoadedPolicy], loaded: LoadOutput) -> Governance:
    settings = loaded_settings.settings
    profile = settings.profile(stage)
    known = {p.policy.id for p in policies}
    skips = {(r.location.file, r.address): r.skips for r in loaded.resources if r.skips}
    governance = Governance(profile, stage, known, skips)
    waiver_file = options.waivers or _absolute(Path(settings.waivers.file), loaded_settings.directory or root)
    if options.waivers is not None and not waiver_file.is_file():
        raise ConfigError(f"{waiver_file}: waivers file not found")
    if waiver_file.is_file():
        today = options.today or dt.date.today()
        governance.waivers, notices = load_waivers(
            waiver_file, Display(root)(waiver_file), today, settings.waivers.max_days, known
        )
        governance.notices.extend(notices)
    baseline_file = options.baseline or (
        _absolute(Path(settings.baseline), loaded_settings.directory or root) if settings.baseline else None
    )
    if baseline_file is not None and options.use_baseline and profile.use_baseline:
        governance.baseline = baseline.read(baseline_file)
        governance.baseline_file = Display(root)(baseline_file)
    return governance


def scan(options: ScanOptions) -> RunResult:
    """Load every input, evaluate every policy, decide. Input errors become error results (fail closed)."""
    root = scan_root(options.cwd)
    loaded_settings = load_settings(root, options.config)
    settings = loaded_settings.settings
    stage = options.stage or settings.stage
    profile = settings.profile(stage)
    policies = select_policies(options, loaded_settings)
    display = Display(root)
    loaded = load_inputs(options, display, settings.max_file_size)
    if profile.requires_plan:
        formats = {r.format for r in loaded.resources}
        if FORMAT_TERRAFORM in formats and FORMAT_PLAN not in formats:
            raise UsageError(
                f"stage {stage} expects a Terraform plan, not HCL: run `terraform show -json tfplan > plan.json` "
                "and scan plan.json"
            )
    results = evaluate(loaded.resources, policies, {"approved_accounts": settings.approved_accounts})
    results.extend(error_result(e) for e in loaded.errors)
    overrides = settings.policies.severity
    for result in results:
        if result.policy_id in overrides:
            result.severity = overrides[result.policy_id]
    governance = _governance(options, loaded_settings, root, stage, policies, loaded)
    governance.apply(results)
    results.sort(key=lambda r: (r.location.file, r.location.start_line, r.policy_id, r.resource.address))
    passed, decision = decide(results)
    used = {r.policy_id for r in results}
    infos = {p.policy.id: p.policy.info() for p in policies if p.policy.id in used}
    for policy_id, severity in overrides.items():
        if policy_id in infos:
            infos[policy_id].severity = severity
    baseline_info = None
    if governance.baseline is not None:
        baseline_info = BaselineInfo(
            file=governance.baseline_file,
            matched=sum(1 for r in results if r.baseline),
            fixed=baseline.fixed(governance.baseline, results),
        )
    return RunResult(
        tool=ToolInfo(version=__version__),
        stage=stage,
        passed=passed,
        decision=decision,
        summary=summarize(results),
        results=results,
        errors=[InputErrorEntry(file=e.file, line=e.line, message=e.detail) for e in sorted(loaded.errors, key=lambda e: (e.file, e.line or 0))],
        notices=list(dict.fromkeys([*loaded.notices, *governance.notices])),
        policies=infos,
        baseline=baseline_info,
    )


def summarize(results: list[Result]) -> Summary:
    failed = {s.value: 0 for s in Severity}
    counts = {status: 0 for status in Status}
    for result in results:
        counts[result.status] += 1
        if result.status is Status.FAILED:
            failed[result.severity.value] += 1
    return Summary(
        failed=failed,
        passed=counts[Status.PASSED],
        unknown=counts[Status.UNKNOWN],
        errors=counts[Status.ERROR],
        waived=counts[Status.WAIVED],
        suppressed=counts[Status.SUPPRESSED],
    )


__all__ = ["Disposition", "ScanOptions", "scan"]
