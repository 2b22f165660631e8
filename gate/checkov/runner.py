"""Checkov as an engine of the gate: found in its own environment, run as a subprocess on the inputs the gate
read, and its checks turned into gate results (gate.checkov.report) merged with the native ones
(gate.checkov.merge).

Checkov cannot share the gate's environment: it depends on bc-python-hcl2, which installs a top-level ``hcl2``
package over python-hcl2's. So it is a command (``engines.checkov.command``, else ``$POLICY_GATE_CHECKOV``, else
``checkov`` on PATH, else the environment ``gate engines install checkov`` made), never an import.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gate.checkov.process import environment, failure_of, run_all
from gate.checkov.report import (
    ENGINE_ERROR_ID,
    GateIndex,
    Mapper,
    engine_error,
    parse_documents,
    resources_seen,
)
from gate.checkov.settings import CheckovSettings
from gate.checkov.severity import SeverityTable, load_table
from gate.engine.evaluate import fingerprint
from gate.errors import ConfigError
from gate.gating.stages import StageProfile
from gate.globs import selects
from gate.loaders.inputs import Display
from gate.model import (
    FORMAT_CLOUDFORMATION,
    FORMAT_PLAN,
    FORMAT_TERRAFORM,
    Location,
    PolicyInfo,
    Resource,
    ResourceRef,
    Result,
    Severity,
    Status,
)

ENV_COMMAND = "POLICY_GATE_CHECKOV"
CHECKOV_POLICY_INDEX = "https://www.checkov.io/5.Policy%20Index/all.html"
INSTALL_HINT = (
    "install Checkov in its own environment (`gate engines install checkov`, or `pipx install checkov`, or "
    "`python3 -m venv ~/.checkov && ~/.checkov/bin/pip install checkov`) and point the gate at it with "
    f"engines.checkov.command or ${ENV_COMMAND}: see docs/checkov.md"
)
_CRASHED = re.compile(r"Failed to run check (\S+) on (.+):([^:\s]+)\s*$", re.MULTILINE)


@dataclass
class CheckovRun:
    """What one scan with Checkov gave: results in the gate's model, notices, and how long Checkov took.

    ``known_ids`` are the check ids waivers and ``gate:skip`` may name (every check of the shipped mapping, and
    any that ran); ``policies`` the metadata of the checks that produced results, for the reports."""

    results: list[Result] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    commands: list[list[str]] = field(default_factory=list)
    known_ids: set[str] = field(default_factory=set)
    policies: dict[str, PolicyInfo] = field(default_factory=dict)


def locate(settings: CheckovSettings, environ: Mapping[str, str], config_dir: Path | None = None) -> list[str]:
    """The command that runs Checkov: configuration, else $POLICY_GATE_CHECKOV, else ``checkov`` on PATH, else
    the managed environment. Asking for Checkov when none of them is there is a configuration error."""
    from gate.checkov.install import managed_command

    if settings.command:
        return _resolve(settings.command, "engines.checkov.command", config_dir, environ)
    if environ.get(ENV_COMMAND):
        return _resolve(environ[ENV_COMMAND], ENV_COMMAND, None, environ)
    found = shutil.which("checkov", path=environ.get("PATH"))
    if found:
        return [found]
    managed = managed_command(environ)
    if managed.is_file():
        from gate.checkov.install import managed_venv
        from gate.checkov.venv_trust import check
        from gate.folders import cache_folder

        check(managed_venv(environ), cache_folder(environ))  # in the cache folder: checked like it
        return [str(managed)]
    raise ConfigError(f"the checkov engine is enabled but Checkov was not found: {INSTALL_HINT}")


def _resolve(command: str, source: str, base: Path | None, environ: Mapping[str, str]) -> list[str]:
    try:
        words = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"{source}: {command!r}: {exc}") from None
    program = words[0]
    if os.sep in program or "/" in program:
        path = Path(program).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise ConfigError(f"{source}: {program} is not an executable file: {INSTALL_HINT}")
        return [str(path), *words[1:]]
    found = shutil.which(program, path=environ.get("PATH"))
    if found is None:
        raise ConfigError(f"{source}: {program!r} is not on PATH: {INSTALL_HINT}")
    return [found, *words[1:]]


def scan(
    resources: Sequence[Resource],
    root: Path,
    settings: CheckovSettings | None = None,
    *,
    config_dir: Path | None = None,
    profile: StageProfile | None = None,
    stage: str = "",
    severity: Mapping[str, Severity] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    var_files: Sequence[Path] = (),
    environ: Mapping[str, str] | None = None,
    table: SeverityTable | None = None,
) -> CheckovRun:
    """Run Checkov on the inputs the gate loaded (``resources``: their HCL folders, plans and templates) and
    return its checks as gate results: failed, passed, and inline skips (suppressed, or unknown where the
    stage does not honour them). ``severity`` (configuration's ``policies.severity``) wins over
    ``engines.checkov.severity``, which wins over the shipped mapping; ``include``/``exclude`` select results
    by check id, family or glob like ``policies.include``/``exclude`` select policies."""
    settings = settings or CheckovSettings()
    environ = dict(os.environ) if environ is None else dict(environ)
    command = locate(settings, environ, config_dir)
    index = GateIndex.of(resources)
    mapper = Mapper(index, root, table or load_table(), {**settings.severity, **(severity or {})}, profile, stage)
    run = CheckovRun()
    started = time.monotonic()
    jobs = _jobs(command, root, index, var_files)
    # Checkov reads a .checkov.yaml from its working folder and home (besides the scanned folder's, which
    # --directory=PATH keeps out: see _jobs): both are an empty private folder, never the scanned tree's.
    with tempfile.TemporaryDirectory(prefix="policy-gate-checkov-") as private:
        outputs = run_all(
            [job.argv for job in jobs], Path(private), environment(environ, Path(private)), settings.timeout
        )
    run.seconds = time.monotonic() - started
    run.commands = [job.argv for job in jobs]
    display = Display(root)
    for job, (code, stdout, stderr) in zip(jobs, outputs, strict=True):
        failure = failure_of(code, stderr, settings.timeout)
        reports = []
        if failure is None:
            try:
                reports = parse_documents(stdout)
                if resources_seen(stdout) == 0:  # it read none of the resources the gate read: not a pass
                    failure = "it reported no resource (empty output, [] or a summary of nothing)"
            except ValueError as exc:
                failure = f"its output is not JSON ({exc})"
        if failure is not None:
            run.results.append(_engine_error(job, failure, display))
            continue
        run.results.extend(mapper.results(reports))
        run.results.extend(_crashes(stderr, job, mapper, display))
    run.notices.extend(dict.fromkeys(mapper.notices))
    run.results = [r for r in run.results if r.policy_id == ENGINE_ERROR_ID or _selected(r, include, exclude)]
    run.known_ids = {*mapper.table.reviewed, *mapper.table.category_of, *(r.policy_id for r in run.results)}
    run.policies = {r.policy_id: _info(r, mapper.table) for r in run.results if r.policy_id != ENGINE_ERROR_ID}
    return run


def _info(result: Result, table: SeverityTable) -> PolicyInfo:
    source = table.classify(result.policy_id).source
    return PolicyInfo(
        id=result.policy_id,
        title=result.title,
        family=result.family,
        severity=result.severity,
        description=f"Checkov's check {result.policy_id}: {result.title}. Its severity comes from the gate's mapping "
        f"(policies/checkov-severity.yaml, {source}) unless configuration sets it.",
        remediation={},
        references=[CHECKOV_POLICY_INDEX],
    )


def _selected(result: Result, include: Sequence[str], exclude: Sequence[str]) -> bool:
    def named(patterns: Sequence[str]) -> bool:
        return selects(patterns, result.policy_id, result.family)

    return (not include or named(include)) and not named(exclude)


@dataclass
class _Job:
    argv: list[str]
    fmt: str
    unit: Path  # what it scans: a folder, or the first file


def _jobs(command: list[str], root: Path, index: GateIndex, var_files: Sequence[Path]) -> list[_Job]:
    """As few Checkov processes as possible: each one costs about 3 s of start-up. Checkov reads only the first
    of several ``-d`` and cannot combine ``-d`` with ``-f``, so the HCL folders are scanned through their common
    folder (results are narrowed to what the gate read afterwards), together with the plans and templates
    inside it; files outside it get a ``-f`` process of their own, run beside the first."""
    common = ["-o", "json", "--skip-download", "--soft-fail"]
    root = root.resolve()
    units = sorted({(root / d).resolve() for d in _unit_dirs(index)})
    files = [(root / f).resolve() for f in sorted(index.plan_files | index.template_files)]
    jobs = []
    if units:
        folder = Path(os.path.commonpath(units))
        # Never walk above the scan root for folders that merely share an ancestor there: one process each.
        folders = [folder] if folder in units or folder == root or root in folder.parents else units
        inside = [f for f in files if folders[0] in f.parents] if len(folders) == 1 else []
        frameworks = ["terraform", *_frameworks_of(inside, index, root)]
        extra = [arg for path in var_files for arg in ("--var-file", str(path.resolve()))]
        for unit in folders:
            # --directory=PATH, not -d PATH: Checkov reads a .checkov.yaml from the folder after a separate -d or
            # --directory (checkov.common.util.config_utils.get_default_config_paths), and that file is the
            # pull request's: it could skip every check or load checks from the tree.
            jobs.append(
                _Job(
                    [*command, f"--directory={unit}", "--framework", *frameworks, *common, *extra],
                    FORMAT_TERRAFORM,
                    unit,
                )
            )
        files = [f for f in files if f not in inside]
    if files:
        frameworks = _frameworks_of(files, index, root)
        fmt = FORMAT_PLAN if "terraform_plan" in frameworks else FORMAT_CLOUDFORMATION
        jobs.append(_Job([*command, "-f", *map(str, files), "--framework", *frameworks, *common], fmt, files[0]))
    return jobs


def _frameworks_of(files: Sequence[Path], index: GateIndex, root: Path) -> list[str]:
    shown = {Display(root)(f) for f in files}
    return (["terraform_plan"] if shown & index.plan_files else []) + (
        ["cloudformation"] if shown & index.template_files else []
    )


def _unit_dirs(index: GateIndex) -> set[str]:
    """The root module folders of the HCL the gate read (a module's folder is read through its caller)."""
    return {r.scope.partition(":")[2] for r in index.hcl.values()}


def _engine_error(job: _Job, failure: str, display: Display) -> Result:
    shown = display(job.unit)
    return engine_error(shown, job.fmt, f"Checkov could not scan {shown}: {failure}")


def _crashes(stderr: str, job: _Job, mapper: Mapper, display: Display) -> Iterable[Result]:
    """Checkov logs a check that raised and goes on without its result: here it is an error result (fail
    closed), which the stage's ``error`` rule decides about like any other."""
    base = job.unit if job.fmt == FORMAT_TERRAFORM else mapper.root  # what Checkov's paths are relative to
    for check_id, file, entity in dict.fromkeys(_CRASHED.findall(stderr)):
        given = Path(file)
        shown = display(given if given.is_absolute() and given.exists() else base / file.lstrip("/"))
        fmt = mapper.format_of(shown)
        if fmt is None:
            continue  # a file the gate did not read (or read through its plan)
        checked = mapper.table.classify(check_id)
        yield Result(
            policy_id=check_id,
            title=f"Checkov check {check_id}",
            severity=mapper.table.severity(check_id, checked.family, mapper.overrides),
            family=checked.family,
            status=Status.ERROR,
            resource=ResourceRef(address=entity, type=entity.partition(".")[0], format=fmt),
            location=Location(file=shown),
            message=f"Checkov's check {check_id} failed to evaluate {entity}: not judged (fail closed)",
            fingerprint=fingerprint(check_id, entity, shown),
        )
