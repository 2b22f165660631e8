"""The library face of the gate: ``scan(options) -> RunResult``. The CLI is a thin layer over this."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import gate.gating.baseline as baseline
from gate import __version__, block_on, cache_trust
from gate.backlog.settings import BacklogSettings
from gate.checkov import CHECKOV, NATIVE
from gate.checkov.settings import enabled_engines
from gate.collector import paused
from gate.config import LoadedSettings, load_settings
from gate.engine.evaluate import evaluate, fingerprint
from gate.engine.subsume import drop_plan_echoes, fold, subsumption
from gate.errors import ConfigError, InputError, UsageError
from gate.gating.governance import Governance
from gate.gating.stages import decide, gap_notices
from gate.gating.waivers import load_waivers
from gate.globs import selects
from gate.loaders.base import LoadOutput
from gate.loaders.discovery import scan_root
from gate.loaders.inputs import Display, load_inputs
from gate.model import (
    FORMAT_PLAN,
    FORMAT_TERRAFORM,
    INPUT_ERROR_ID,
    BaselineInfo,
    ChangeRequest,
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
from gate.options import ScanOptions
from gate.parse_cache import ParseCache, switched
from gate.policies import LoadedPolicy, builtin_dir, load_policies
from gate.reporters.who import change_request
from gate.reporters.writing import write_reports
from gate.trusted import TrustedFiles, trusted_files


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


def select_policies(
    options: ScanOptions, settings: LoadedSettings, files: TrustedFiles | None = None
) -> list[LoadedPolicy]:
    """Built-in and configured policy folders, narrowed by include/exclude (ids, families or globs)."""
    base = settings.directory or options.cwd
    configured = [_absolute(Path(p), base) for p in settings.settings.policies.paths]
    extra = [files.locate(folder) for folder in configured] if files is not None else configured
    for folder, shown in zip(extra, configured, strict=True):
        if not folder.is_dir():
            raise ConfigError(f"{settings.source}: policies.paths: {shown} is not a folder")
    # The policy library is cached by content, signed like every entry; --no-cache reads and writes none of it.
    policies = load_policies([builtin_dir(), *extra, *options.policy_dirs], ParseCache.from_environment())
    selection = settings.settings.policies

    def named(loaded: LoadedPolicy, patterns: list[str]) -> bool:
        return selects(patterns, loaded.policy.id, loaded.policy.family.value)

    if selection.include:
        policies = [p for p in policies if named(p, selection.include)]
    return [p for p in policies if not named(p, selection.exclude)]


def _governance(
    options: ScanOptions,
    loaded_settings: LoadedSettings,
    root: Path,
    stage: str,
    policies: list[LoadedPolicy],
    loaded: LoadOutput,
    engine_ids: set[str],
    files: TrustedFiles,
) -> Governance:
    settings = loaded_settings.settings
    profile = settings.profile(stage)
    known = {p.policy.id for p in policies} | engine_ids
    skips = {(r.location.file, r.address): r.skips for r in loaded.resources if r.skips}
    governance = Governance(profile, stage, known, skips)
    configured = options.waivers or _absolute(Path(settings.waivers.file), loaded_settings.directory or root)
    waiver_file = files.locate(configured)
    if options.waivers is not None and not waiver_file.is_file():
        raise ConfigError(f"{configured}: waivers file not found")
    if waiver_file.is_file():
        today = options.today or dt.date.today()
        governance.waivers, notices = load_waivers(
            waiver_file,
            Display(root)(configured),
            today,
            settings.waivers.max_days,
            known,
            settings.waivers.allow_wildcards,
        )
        governance.notices.extend(notices)
    baseline_file = options.baseline or (
        _absolute(Path(settings.baseline), loaded_settings.directory or root) if settings.baseline else None
    )
    if baseline_file is not None and options.use_baseline and profile.use_baseline:
        governance.baseline = baseline.read(files.locate(baseline_file))
        governance.baseline_file = Display(root)(baseline_file)
    return governance


def backlog_settings(root: Path, explicit: Path | None = None) -> BacklogSettings:
    """The ``backlog`` section of the configuration (``--config FILE``, ``.gate.yaml`` or ``[tool.gate]``),
    read and validated with the rest of it; the defaults when there is none."""
    return load_settings(root, explicit).settings.backlog


def scan(options: ScanOptions) -> RunResult:
    """Load every input, evaluate every policy, decide. Input errors become error results (fail closed)."""
    with paused(), switched(options.parse_cache), trusted_files(scan_root(options.cwd), options.base_ref) as files:
        return _scan(options, files)


def _scan(options: ScanOptions, files: TrustedFiles) -> RunResult:
    root = files.root
    loaded_settings = load_settings(root, options.config, files)
    settings = loaded_settings.settings
    stage = options.stage or settings.stage
    if options.block_on is not None:  # the pipeline's choice, over configuration (gate.block_on)
        settings = block_on.overridden(settings, stage, options.block_on)
        loaded_settings = dataclasses.replace(loaded_settings, settings=settings)
    profile = settings.profile(stage)
    policies = select_policies(options, loaded_settings, files)
    display = Display(root)
    from gate.loaders.modules.fetcher import ModuleFetcher

    environ = dict(os.environ) if options.environ is None else options.environ
    with ModuleFetcher.for_scan(
        environ,
        offline=options.offline,
        stage=stage,
        cache=options.parse_cache,
        strict=profile.requires_plan or stage == "deploy",
    ) as modules:
        loaded = load_inputs(options, display, settings.max_file_size, modules, stage)
    loaded.notices.extend(modules.notices())
    if profile.requires_plan:
        formats = {r.format for r in loaded.resources}
        if FORMAT_TERRAFORM in formats and FORMAT_PLAN not in formats:
            raise UsageError(
                f"stage {stage} expects a Terraform plan, not HCL: run `terraform show -json tfplan > plan.json` "
                "and scan plan.json"
            )
    engines = enabled_engines(settings.engines.enabled, options.engines)
    results = (
        evaluate(
            loaded.resources,
            policies,
            {
                "approved_accounts": settings.approved_accounts,
                "approved_organizations": settings.approved_organizations,
                "approved_canonical_users": settings.approved_canonical_users,
            },
        )
        if NATIVE in engines
        else []
    )
    results = drop_plan_echoes(results)
    checkov = None
    if CHECKOV in engines:
        from gate.checkov.merge import merge
        from gate.checkov.runner import scan as run_checkov

        checkov = run_checkov(
            loaded.resources,
            root,
            settings.engines.checkov,
            config_dir=loaded_settings.directory,
            profile=profile,
            stage=stage,
            severity=settings.policies.severity,
            include=settings.policies.include,
            exclude=settings.policies.exclude,
            var_files=[_absolute(p, options.cwd) for p in options.var_files],
            environ=options.environ,
        )
        results = merge(results, checkov.results, policies)
    results.extend(error_result(e) for e in loaded.errors)
    overrides = settings.policies.severity
    raised = settings.regression_severity
    for result in results:
        if result.policy_id in overrides:
            result.severity = overrides[result.policy_id]
        if result.regression and raised is not None and raised.rank < result.severity.rank:
            result.severity = raised
    governance = _governance(
        options, loaded_settings, root, stage, policies, loaded, checkov.known_ids if checkov else set(), files
    )
    if options.block_on is not None:
        governance.notices.append(f"--block-on: stage {stage} blocks on {block_on.describe(options.block_on)}")
    governance.apply(results)
    fold(results, subsumption((p.policy.id, p.policy.subsumes) for p in policies))
    results.sort(key=lambda r: (r.location.file, r.location.start_line, r.policy_id, r.resource.address))
    passed, decision = decide(results)
    blamed = _blame(options, results, root)
    used = {r.policy_id for r in results}
    infos = {p.policy.id: p.policy.info() for p in policies if p.policy.id in used}
    if checkov is not None:
        infos.update((k, v) for k, v in checkov.policies.items() if k in used)
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
        errors=[
            InputErrorEntry(file=e.file, line=e.line, message=e.detail)
            for e in sorted(loaded.errors, key=lambda e: (e.file, e.line or 0))
        ],
        notices=list(
            dict.fromkeys(
                [
                    *files.notices(),
                    *loaded.notices,
                    *(checkov.notices if checkov else []),
                    *governance.notices,
                    *gap_notices(results),
                    *cache_trust.take_notices(),
                    *blamed[1],
                ]
            )
        ),
        policies=infos,
        baseline=baseline_info,
        change=blamed[0],
    )


def _blame(options: ScanOptions, results: list[Result], root: Path) -> tuple[ChangeRequest | None, list[str]]:
    """Who made the change (gate.blame), after the decision: it never changes a result's status or the decision."""
    if not options.blame:
        return None, []
    from gate import blame

    environ = os.environ if options.environ is None else options.environ
    return change_request(environ), blame.annotate(results, root)


def summarize(results: list[Result]) -> Summary:
    failed = {s.value: 0 for s in Severity}
    counts = {status: 0 for status in Status}
    counts_subsumed = 0
    for result in results:
        if result.subsumed_by is not None:  # told under the broader finding that covers it
            counts_subsumed += 1
            continue
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
        subsumed=counts_subsumed,
    )


__all__ = ["Disposition", "ScanOptions", "scan", "write_reports"]
