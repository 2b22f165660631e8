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
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from gate.checkov import ENGINE_NAMES
from gate.model import Severity
from gate.schema import FORBID, PREPARED, Bounds

EngineName = Literal["native", "checkov"]


@dataclass(slots=True, kw_only=True)
class CheckovSettings:
    """How to run Checkov, and severities that replace the shipped mapping (policies/checkov-severity.yaml)."""

    __pydantic_config__ = FORBID
    # An executable, with arguments if needed (split like a shell would); a relative path starts at the
    # configuration file's folder.
    command: Annotated[str, Bounds(min_length=1)] | None = None
    timeout: Annotated[int, Bounds(ge=1, le=86_400)] = 600
    # Keys are check ids, globs of ids (``CKV2_AWS_*``) or families (``logging``); an exact id wins over the
    # patterns, which apply in the order written.
    severity: dict[str, Severity] = field(default_factory=dict)


def _native() -> list[EngineName]:
    return ["native"]


@dataclass(slots=True, kw_only=True)
class EngineSettings:
    """Which engines judge the inputs (``native`` by default) and how each one runs."""

    __pydantic_config__ = FORBID
    __get_pydantic_core_schema__ = PREPARED
    enabled: Annotated[list[EngineName], Bounds(min_length=1)] = field(default_factory=_native)
    checkov: CheckovSettings = field(default_factory=CheckovSettings)

    def __post_init__(self) -> None:
        self.enabled = list(dict.fromkeys(self.enabled))

    @staticmethod
    def prepare(value: Any) -> Any:
        return {"enabled": value} if isinstance(value, list) else value


def enabled_engines(configured: Sequence[str], requested: Sequence[str] = ()) -> list[str]:
    """The engines of a run: those configured, plus those asked for with ``--engine`` (which adds, never
    removes: ``--engine checkov`` must not silently turn the native policies off). Unknown names are refused
    by the CLI's choice and the configuration's validation before this is called."""
    names = [*configured, *requested]
    return [name for name in ENGINE_NAMES if name in names]
