"""The ``backlog:`` section of the configuration, read here (``gate.config`` does not know it yet).

```yaml
backlog:
  tracker: github            # file (default), github, gitlab or jira
  include_blocking: false    # also keep tickets for blocking results
  due: {high: 14, medium: 45, low: 90}   # days from first seen; null for no due date
  file: gate-backlog.json    # the file tracker's JSON (the Markdown view is written beside it, .md)
  codeowners: .github/CODEOWNERS       # default: the first of the usual places
  codeowners_syntax: github  # or gitlab; default: gitlab for .gitlab/CODEOWNERS, files with sections, or GitLab CI
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from gate.errors import UsageError
from gate.model import Severity
from gate.schema import FORBID, Bounds

CONFIG_NAMES = (".gate.yaml", ".gate.yml")
DEFAULT_DUE: dict[Severity, int | None] = {
    Severity.CRITICAL: 7,
    Severity.HIGH: 14,
    Severity.MEDIUM: 45,
    Severity.LOW: 90,
    Severity.INFO: None,
}


@dataclass(slots=True, kw_only=True)
class BacklogSettings:
    """Every key has a default; ``due`` changes only the severities it names."""

    __pydantic_config__ = FORBID
    tracker: str = "file"
    include_blocking: bool = False
    due: dict[Severity, int | None] = field(default_factory=dict)
    file: str = "gate-backlog.json"
    codeowners: str | None = None
    codeowners_syntax: Literal["github", "gitlab"] | None = None

    def due_days(self) -> dict[Severity, int | None]:
        """Days from first seen to due date per severity: the defaults, changed by ``due``."""
        return {**DEFAULT_DUE, **self.due}


@dataclass(slots=True, kw_only=True)
class NotifyRoute:
    """Where ``gate notify`` announces new findings: a chat or webhook whose URL is read from the environment
    variable ``url_env`` (never written in configuration, never printed), for the findings of ``severities`` and
    ``owners`` (each empty: all)."""

    __pydantic_config__ = FORBID
    kind: Literal["slack", "teams", "webhook"]
    url_env: Annotated[str, Bounds(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    severities: list[Severity] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)


def parse_due(values: tuple[str, ...] | list[str]) -> dict[Severity, int | None]:
    """``--due high=10 --due low=none`` (or ``high=10,low=60``) as a mapping; a bad entry is a usage error."""
    due: dict[Severity, int | None] = {}
    for value in values:
        for item in filter(None, (part.strip() for part in value.split(","))):
            name, _, days = item.partition("=")
            try:
                severity = Severity(name.strip().lower())
                count = None if days.strip().lower() in ("none", "null", "off") else int(days)
            except ValueError:
                raise UsageError(f"--due {item!r}: expected SEVERITY=DAYS, e.g. high=14 (or high=none)") from None
            if count is not None and count < 0:
                raise UsageError(f"--due {item!r}: days cannot be negative")
            due[severity] = count
    return due
