"""What every condition and helper shares, apart from the compiler that builds them: the context a condition
looks at and the protocol it satisfies (helpers import this, never the compiler)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from gate.engine.index import ResourceIndex
from gate.engine.outcome import Outcome
from gate.model import Resource


@dataclass(slots=True)
class Context:
    """What a condition may look at: the resource judged, the scan's index, and settings (approved accounts)."""

    resource: Resource
    index: ResourceIndex
    settings: dict[str, Any]


class Condition(Protocol):
    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome: ...


class ConditionCompiler(Protocol):
    """What a helper whose arguments hold a condition (``where``) needs to compile it at load time."""

    def compile(self, raw: Any) -> Condition: ...
