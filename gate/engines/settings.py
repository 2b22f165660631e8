"""The ``engines`` section of the configuration.

``engines: [native, checkov]`` is short for ``engines: {enabled: [native, checkov]}``; the long form also holds
each engine's settings::

    engines:
      enabled: [native, checkov]
      checkov:
        command: /opt/checkov/bin/checkov   # else $POLICY_GATE_CHECKOV, else `checkov` on PATH
        timeout: 600                        # seconds for each Checkov process
        severity: {CKV_AWS_18: medium, logging: info, "CKV2_AWS_*": low}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gate.engines import ENGINE_NAMES
from gate.model import Severity

EngineName = Literal["native", "checkov"]


class CheckovSettings(BaseModel):
    """How to run Checkov, and severities that replace the shipped mapping (policies/checkov-severity.yaml)."""

    model_config = ConfigDict(extra="forbid")
    # An executable, with arguments if needed (split like a shell would); a relative path starts at the
    # configuration file's folder.
    command: str | None = Field(default=None, min_length=1)
    timeout: int = Field(default=600, ge=1, le=86_400)
    # Keys are check ids, globs of ids (``CKV2_AWS_*``) or families (``logging``); an exact id wins over the
    # patterns, which apply in the order written.
    severity: dict[str, Severity] = Field(default_factory=dict)


def _native() -> list[EngineName]:
    return ["native"]


class EngineSettings(BaseModel):
    """Which engines judge the inputs (``native`` by default) and how each one runs."""

    model_config = ConfigDict(extra="forbid")
    enabled: list[EngineName] = Field(default_factory=_native, min_length=1)
    checkov: CheckovSettings = Field(default_factory=CheckovSettings)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"enabled": value} if isinstance(value, list) else value

    @field_validator("enabled")
    @classmethod
    def _once_each(cls, value: list[EngineName]) -> list[EngineName]:
        return list(dict.fromkeys(value))


def enabled_engines(configured: Sequence[str], requested: Sequence[str] = ()) -> list[str]:
    """The engines of a run: those configured, plus those asked for with ``--engine`` (which adds, never
    removes: ``--engine checkov`` must not silently turn the native policies off). Unknown names are refused
    by the CLI's choice and the configuration's validation before this is called."""
    names = [*configured, *requested]
    return [name for name in ENGINE_NAMES if name in names]
