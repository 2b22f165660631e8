"""Configuration: ``.gate.yaml`` at the scan root, ``[tool.gate]`` in ``pyproject.toml``, or ``--config FILE``.

Validated with pydantic; a mistake names the file, the line, the key path and what was expected, and exits 2:
``.gate.yaml:7: stages.pr.block_on[1]: 'critcal' is not a severity``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gate import yamlnodes
from gate.backlog.settings import BacklogSettings
from gate.engines.settings import EngineSettings
from gate.errors import ConfigError, InputError
from gate.gating import BUILTIN_STAGES, DEFAULT_STAGE, ErrorRule, InlineRule, StageProfile, UnknownRule
from gate.loaders.terraform_files import DEFAULT_MAX_FILE_SIZE
from gate.model import Severity

CONFIG_NAMES = (".gate.yaml", ".gate.yml")


class StageConfig(BaseModel):
    """A stage as configuration writes it: every field optional, on top of a built-in profile."""

    model_config = ConfigDict(extra="forbid")
    extends: str | None = None
    block_on: list[Severity] | None = None
    backlog_on: list[Severity] | None = None
    unknown: UnknownRule | None = None
    error: ErrorRule | None = None
    inline_suppressions: InlineRule | None = None
    use_baseline: bool | None = None
    requires_plan: bool | None = None


class PolicySelection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    include: list[str] = Field(default_factory=list)  # ids, families or globs; empty means all
    exclude: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)  # per policy id
    paths: list[str] = Field(default_factory=list)  # extra policy folders, relative to the configuration file


class WaiverSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str = ".gate-waivers.yaml"
    max_days: int = Field(default=90, ge=1, le=3650)


class Settings(BaseModel):
    """The whole configuration; every key has a default, so an empty file is valid."""

    model_config = ConfigDict(extra="forbid")
    stage: str = DEFAULT_STAGE
    stages: dict[str, StageConfig] = Field(default_factory=dict)
    policies: PolicySelection = Field(default_factory=PolicySelection)
    approved_accounts: list[str] = Field(default_factory=list)
    waivers: WaiverSettings = Field(default_factory=WaiverSettings)
    baseline: str | None = None
    max_file_size: int = Field(default=DEFAULT_MAX_FILE_SIZE, ge=1)  # bytes; larger files are reported, not read
    regression_severity: Severity | None = None  # raise plan regressions to at least this severity
    backlog: BacklogSettings = Field(default_factory=BacklogSettings)  # read by `gate backlog`
    engines: EngineSettings = Field(default_factory=EngineSettings)  # `engines: [native, checkov]` (docs/checkov.md)

    @field_validator("approved_accounts", mode="before")
    @classmethod
    def _accounts_as_strings(cls, value: Any) -> Any:
        # YAML reads 123456789012 as a number; an account id is a 12-digit string.
        return [str(v).zfill(12) if isinstance(v, int) else v for v in value] if isinstance(value, list) else value

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
    changes = configured.model_dump(exclude_none=True, exclude={"extends"})
    return base.model_copy(update=changes)


class LoadedSettings(BaseModel):
    settings: Settings
    source: str | None = None  # the file it came from, as shown to the user
    directory: Path | None = None  # where relative paths in it start


def _describe(error: dict[str, Any]) -> str:
    kind, value = error.get("type"), error.get("input")
    if kind == "enum" and "critical" in str(error.get("ctx", {}).get("expected", "")):
        return f"{value!r} is not a severity (expected critical, high, medium, low or info)"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "literal_error":
        return f"{value!r} is not one of {error.get('ctx', {}).get('expected', '')}"
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")


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
        return Settings.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        line = yamlnodes.line_of(raw, list(loc))
        where = f"{source}:{line}" if line else source
        raise ConfigError(f"{where}: {_key_path(loc)}: {_describe(dict(error))}") from None


def _read_yaml(path: Path, shown: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot read: {exc}") from None
    try:
        return yamlnodes.load(text, shown)
    except InputError as exc:
        raise ConfigError(str(exc)) from None


def load_settings(root: Path, explicit: Path | None = None) -> LoadedSettings:
    """``--config FILE``, else ``.gate.yaml`` at the scan root, else ``[tool.gate]`` in its pyproject.toml,
    else the defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        if explicit.name == "pyproject.toml":
            return _from_pyproject(explicit, str(explicit))
        return LoadedSettings(settings=parse_settings(_read_yaml(explicit, str(explicit)), str(explicit)),
                              source=str(explicit), directory=explicit.resolve().parent)
    for name in CONFIG_NAMES:
        candidate = root / name
        if candidate.is_file():
            return LoadedSettings(settings=parse_settings(_read_yaml(candidate, name), name), source=name, directory=root)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        loaded = _from_pyproject(pyproject, "pyproject.toml")
        if loaded.source is not None:
            return loaded
    return LoadedSettings(settings=Settings(), directory=root)


def _from_pyproject(path: Path, shown: str) -> LoadedSettings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{shown}: {exc}") from None
    section = data.get("tool", {}).get("gate")
    if section is None:
        return LoadedSettings(settings=Settings(), directory=path.resolve().parent)
    source = f"{shown} [tool.gate]"
    return LoadedSettings(settings=parse_settings(section, source), source=source, directory=path.resolve().parent)


def render_effective(cwd: Path, explicit: Path | None, stage: str | None) -> str:
    """The effective configuration as YAML: where it came from, every setting, every stage's profile."""
    import yaml

    from gate.discovery import scan_root

    loaded = load_settings(scan_root(cwd), explicit)
    settings = loaded.settings
    data = settings.model_dump(mode="json", exclude={"stages"})
    names = sorted({*BUILTIN_STAGES, *settings.stages})
    if stage is not None:
        names = [stage]
    data["stages"] = {name: settings.profile(name).model_dump(mode="json") for name in names}
    header = f"# source: {loaded.source or 'defaults (no .gate.yaml or [tool.gate] found)'}\n"
    return header + yaml.safe_dump(data, sort_keys=False)
