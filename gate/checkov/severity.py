"""Family and severity of each Checkov check: the shipped mapping (policies/checkov-severity.yaml), then
configuration.

Checkov's open-source edition reports neither a severity nor a category without a platform API key, so both
come from data: a reviewed entry for the check, else its Checkov category's default, else ``unknown``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gate.errors import PolicyError
from gate.globs import selects
from gate.model import Severity
from gate.schema import FORBID, SchemaError, check

FILE_NAME = "checkov-severity.yaml"
# Checkov's categories that are one of the gate's families under another name.
_FAMILY_OF_CATEGORY = {"ENCRYPTION": "encryption", "IAM": "permission", "NETWORKING": "network"}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Default:
    __pydantic_config__ = FORBID
    family: str | None = None
    severity: Severity


@dataclass(slots=True, kw_only=True)
class _Table:
    __pydantic_config__ = FORBID
    checkov_version: str
    categories: dict[str, _Default]
    unknown: _Default
    checks: dict[str, dict[str, Severity]] = field(default_factory=dict)  # family -> id -> severity
    category_of: dict[str, list[str]] = field(default_factory=dict)  # category -> ids


@dataclass(frozen=True)
class CheckClass:
    """What the gate knows of a check before configuration: its family, severity and where that came from."""

    family: str
    severity: Severity
    source: str  # "reviewed", "category CATEGORY" or "unknown"


@dataclass(frozen=True)
class SeverityTable:
    checkov_version: str
    reviewed: dict[str, tuple[str, Severity]]
    category_of: dict[str, str]
    categories: dict[str, _Default]
    unknown: _Default

    def classify(self, check_id: str) -> CheckClass:
        if check_id in self.reviewed:
            family, severity = self.reviewed[check_id]
            return CheckClass(family, severity, "reviewed")
        category = self.category_of.get(check_id)
        if category is not None:
            default = self.categories.get(category, self.unknown)
            family = default.family or _FAMILY_OF_CATEGORY.get(category, category.lower())
            return CheckClass(family, default.severity, f"category {category}")
        return CheckClass(self.unknown.family or "uncategorized", self.unknown.severity, "unknown")

    def severity(self, check_id: str, family: str, overrides: Mapping[str, Severity]) -> Severity:
        """Configuration first (an exact id, else the first pattern or family that matches), then the table."""
        if check_id in overrides:
            return overrides[check_id]
        for key, severity in overrides.items():
            if selects([key], check_id, family):
                return severity
        return self.classify(check_id).severity


def default_path() -> Path:
    from gate.policies import builtin_dir

    return builtin_dir() / FILE_NAME


@functools.cache
def _cached(path: Path) -> SeverityTable:
    return read_table(path)


def load_table(path: Path | None = None) -> SeverityTable:
    """The mapping at ``path``, or the shipped one (read once per process)."""
    return _cached(path or default_path())


def read_table(path: Path) -> SeverityTable:
    import yaml

    shown = path.name
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        table = check(_Table, raw)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PolicyError(shown, None, f"cannot read the Checkov severity mapping: {exc}") from None
    except SchemaError as exc:
        where = ".".join(str(part) for part in exc.first.loc)
        raise PolicyError(shown, None, f"{where}: {exc.first.message}") from None
    reviewed: dict[str, tuple[str, Severity]] = {}
    for family, checks in table.checks.items():
        for check_id, severity in checks.items():
            if check_id in reviewed:
                raise PolicyError(
                    shown, None, f"{check_id} is listed twice (under {reviewed[check_id][0]} and {family})"
                )
            reviewed[check_id] = (family, severity)
    category_of: dict[str, str] = {}
    for category, ids in table.category_of.items():
        if category not in table.categories:
            raise PolicyError(shown, None, f"category_of.{category}: no default for this category in categories")
        for check_id in ids:
            if check_id in reviewed or check_id in category_of:
                raise PolicyError(shown, None, f"{check_id} is listed twice (in category_of.{category})")
            category_of[check_id] = category
    return SeverityTable(table.checkov_version, reviewed, category_of, table.categories, table.unknown)
