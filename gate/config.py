"""Configuration: ``.gate.yaml`` at the scan root, ``[tool.gate]`` in ``pyproject.toml``, or ``--config FILE``.

Checked against :class:`Settings` (:mod:`gate.schema`); a mistake names the file, the line, the key path and
what was expected, and exits 2: ``.gate.yaml:7: stages.pr.block_on[1]: 'critcal' is not a severity``. Checked
settings are cached by the file's content, like the policy library.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from gate import yamlnodes
from gate.backlog.settings import BacklogSettings, NotifyRoute
from gate.checkov.settings import EngineSettings
from gate.errors import ConfigError, InputError
from gate.gating.stages import BUILTIN_STAGES, DEFAULT_STAGE, ErrorRule, InlineRule, StageProfile, UnknownRule
from gate.loaders.terraform_files import DEFAULT_MAX_FILE_SIZE
from gate.model import Severity
from gate.parse_cache import ParseCache, code_digest
from gate.schema import FORBID, PREPARED, Bounds, Problem, SchemaError, check, to_data
from gate.trust import refuse_untrusted
from gate.trusted import TrustedFiles, inside, outside_tree

CONFIG_NAMES = (".gate.yaml", ".gate.yml")
_SETTINGS = "settings-1"
# The modules the settings classes are written in (gate.parse_cache.code_digest).
_SETTINGS_FROM = (
    "config.py",
    "gating/stages.py",
    "model.py",
    "schema.py",
    "checkov/settings.py",
    "backlog/settings.py",
    "trust.py",
)


@dataclass(slots=True, kw_only=True)
class StageConfig:
    """A stage as configuration writes it: every field optional, on top of a built-in profile."""

    __pydantic_config__ = FORBID
    extends: str | None = None
    block_on: list[Severity] | None = None
    backlog_on: list[Severity] | None = None
    unknown: UnknownRule | None = None
    error: ErrorRule | None = None
    inline_suppressions: InlineRule | None = None
    use_baseline: bool | None = None
    requires_plan: bool | None = None


@dataclass(slots=True, kw_only=True)
class PolicySelection:
    __pydantic_config__ = FORBID
    include: list[str] = field(default_factory=list)  # ids, families or globs; empty means all
    exclude: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)  # per policy id
    paths: list[str] = field(default_factory=list)  # extra policy folders, relative to the configuration file


@dataclass(slots=True, kw_only=True)
class WaiverSettings:
    __pydantic_config__ = FORBID
    file: str = ".gate-waivers.yaml"
    max_days: Annotated[int, Bounds(ge=1, le=3650)] = 90
    allow_wildcards: bool = False  # a waiver whose policy or resource is a bare ``*`` waives only when true


@dataclass(slots=True, kw_only=True)
class Settings:
    """The whole configuration; every key has a default, so an empty file is valid."""

    __pydantic_config__ = FORBID
    __get_pydantic_core_schema__ = PREPARED
    stage: str = DEFAULT_STAGE
    stages: dict[str, StageConfig] = field(default_factory=dict)
    policies: PolicySelection = field(default_factory=PolicySelection)
    approved_accounts: list[str] = field(default_factory=list)
    waivers: WaiverSettings = field(default_factory=WaiverSettings)
    baseline: str | None = None
    max_file_size: Annotated[int, Bounds(ge=1)] = DEFAULT_MAX_FILE_SIZE  # bytes; larger files are reported, not read
    regression_severity: Severity | None = None  # raise plan regressions to at least this severity
    backlog: BacklogSettings = field(default_factory=BacklogSettings)  # read by `gate backlog`
    notify: list[NotifyRoute] = field(default_factory=list)  # read by `gate notify`; trusted configuration only
    engines: EngineSettings = field(default_factory=EngineSettings)  # `engines: [native, checkov]` (docs/checkov.md)

    @staticmethod
    def prepare(raw: Any) -> Any:
        # YAML reads 123456789012 as a number; an account id is a 12-digit string.
        accounts = raw.get("approved_accounts") if isinstance(raw, dict) else None
        if isinstance(accounts, list):
            raw = {**raw, "approved_accounts": [str(v).zfill(12) if isinstance(v, int) else v for v in accounts]}
        return raw

    def profile(self, stage: str) -> StageProfile:
        """The effective profile of ``stage``: a built-in one, changed or extended by configuration."""
        return _profile(self, stage, set())


def _profile(settings: Settings, stage: str, seen: set[str]) -> StageProfile:
    if stage in seen:
        raise ConfigError(f"stage {stage!r} extends itself")
    seen.add(stage)
    configured = settings.stages.get(stage)
    if configured is None:
        if stage not in BUILTIN_STAGES:
            known = sorted({*BUILTIN_STAGES, *settings.stages})
            raise ConfigError(f"unknown stage {stage!r} (expected one of {', '.join(known)})")
        return BUILTIN_STAGES[stage]
    base_name = configured.extends or (stage if stage in BUILTIN_STAGES else DEFAULT_STAGE)
    base = BUILTIN_STAGES[base_name] if base_name == stage else _profile(settings, base_name, seen)
    changes = {f.name: getattr(configured, f.name) for f in dataclasses.fields(configured) if f.name != "extends"}
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if v is not None})


@dataclass(slots=True)
class LoadedSettings:
    settings: Settings
    source: str | None = None  # the file it came from, as shown to the user
    directory: Path | None = None  # where relative paths in it start
    trusted: bool = False  # from outside the scanned tree (``--config FILE``): may name programs and paths


def _describe(problem: Problem) -> str:
    kind, value = problem.kind, problem.value
    if kind == "enum" and "critical" in str(problem.ctx.get("expected", "")):
        return f"{value!r} is not a severity (expected critical, high, medium, low or info)"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "literal_error":
        return f"{value!r} is not one of {problem.ctx.get('expected', '')}"
    return problem.message.removeprefix("Value error, ")


def _key_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_settings(raw: Any, source: str) -> Settings:
    """Validate raw configuration data; errors name ``source``, the line and the key path."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: the configuration must be a mapping")
    try:
        return check(Settings, raw)
    except SchemaError as exc:
        loc = exc.first.loc
        line = yamlnodes.line_of(raw, list(loc))
        where = f"{source}:{line}" if line else source
        raise ConfigError(f"{where}: {_key_path(loc)}: {_describe(exc.first)}") from None


def _checked(text: str, source: str, raw: Callable[[], Any], trusted: bool) -> Settings:
    """The settings that ``text`` (read as ``raw()``) configures, read back from the cache when that text and
    the code of the settings classes are unchanged: a configured repository's runs skip the check as well.
    An untrusted configuration (from the scanned tree or its history) must not hold the settings that only a
    trusted one may (gate.trust)."""
    cache = ParseCache.from_environment()
    key = cache.own_key("\x00".join([_SETTINGS, code_digest(_SETTINGS_FROM), source, text]).encode())
    cached = cache.load(key)
    settings = cached if isinstance(cached, Settings) else None
    if settings is None:
        settings = parse_settings(raw(), source)
        cache.store(key, settings)
    if not trusted:
        refuse_untrusted(settings, source, raw)
    return settings


def _from_yaml(path: Path, shown: str, trusted: bool) -> Settings:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot read: {exc}") from None

    def parsed() -> Any:
        try:
            return yamlnodes.load(text, shown)
        except InputError as exc:
            raise ConfigError(str(exc)) from None

    return _checked(text, shown, parsed, trusted)


def load_settings(root: Path, explicit: Path | None = None, files: TrustedFiles | None = None) -> LoadedSettings:
    """``--config FILE``, else ``.gate.yaml`` at the scan root, else ``[tool.gate]`` in its pyproject.toml,
    else the defaults. ``files`` says where files inside the scan root are read from (with ``--base-ref``: the
    base commit); only ``--config FILE`` outside the scan root is trusted (docs/security.md)."""
    files = files or TrustedFiles(root)
    if explicit is not None:
        trusted = outside_tree(root, explicit)
        relative = inside(root, explicit)
        shown = files.shown(relative) if relative is not None and files.ref is not None else str(explicit)
        where = files.locate(explicit.absolute())
        if not where.is_file():
            raise ConfigError(f"{shown}: configuration file not found")
        if explicit.name == "pyproject.toml":
            return _from_pyproject(where, shown, explicit.absolute().parent, trusted)
        return LoadedSettings(
            settings=_from_yaml(where, shown, trusted),
            source=shown,
            directory=explicit.absolute().parent,
            trusted=trusted,
        )
    candidates = [(name, files.locate(root / name)) for name in (*CONFIG_NAMES, "pyproject.toml")]
    for name, candidate in candidates[:-1]:
        if candidate.is_file():
            shown = files.shown(name)
            return LoadedSettings(settings=_from_yaml(candidate, shown, False), source=shown, directory=root)
    pyproject = candidates[-1][1]
    if pyproject.is_file():
        loaded = _from_pyproject(pyproject, files.shown("pyproject.toml"), root, False)
        if loaded.source is not None:
            return loaded
    return LoadedSettings(settings=Settings(), directory=root)


def _from_pyproject(path: Path, shown: str, directory: Path, trusted: bool) -> LoadedSettings:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{shown}: {exc}") from None
    section = data.get("tool", {}).get("gate")
    if section is None:
        return LoadedSettings(settings=Settings(), directory=directory)
    source = f"{shown} [tool.gate]"
    return LoadedSettings(
        settings=_checked(text, source, lambda: section, trusted), source=source, directory=directory, trusted=trusted
    )


def render_effective(cwd: Path, explicit: Path | None, stage: str | None) -> str:
    """The effective configuration as YAML: where it came from, every setting, every stage's profile."""
    import yaml

    from gate.loaders.discovery import scan_root

    loaded = load_settings(scan_root(cwd), explicit)
    settings = loaded.settings
    data = to_data(settings)
    del data["stages"]
    names = sorted({*BUILTIN_STAGES, *settings.stages})
    if stage is not None:
        names = [stage]
    data["stages"] = {name: to_data(settings.profile(name)) for name in names}
    header = f"# source: {loaded.source or 'defaults (no .gate.yaml or [tool.gate] found)'}\n"
    return header + yaml.safe_dump(data, sort_keys=False)
