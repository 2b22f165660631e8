"""What every loader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gate.errors import InputError
from gate.model import Resource


@dataclass
class LoadOutput:
    """Resources read from one unit of input (a Terraform root module, a plan, a template).

    ``errors`` are problems that stop part of the input from being read (they become error results and fail
    closed); ``notices`` are things the user should know that do not make the result wrong (a remote module
    that was not fetched).
    """

    resources: list[Resource] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # A plan's: what its configuration's root module declares (gate.loaders.plan_match); None for other inputs.
    plan_declares: frozenset[str] | None = None
    # A plan's: what its configuration writes, by base address (gate.loaders.plan_values); None without one.
    plan_writes: dict[str, dict[str, Any]] | None = None

    def extend(self, other: LoadOutput) -> None:
        self.resources.extend(other.resources)
        self.errors.extend(other.errors)
        self.notices.extend(other.notices)
