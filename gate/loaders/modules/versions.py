"""Version constraints, resolved as Terraform resolves a registry module's ``version`` argument
(https://developer.hashicorp.com/terraform/language/expressions/version-constraints): conditions separated by
commas, each ``=`` (or none), ``!=``, ``>``, ``>=``, ``<``, ``<=`` or ``~>`` (only the rightmost component
given may grow); the newest version meeting every condition wins. A prerelease (``1.2.0-beta``) is selected
only by an exact constraint naming it (Terraform: "A prerelease version can be selected only by an exact
version constraint")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")
_CONDITION = re.compile(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$")


class ConstraintError(ValueError):
    """A constraint Terraform would reject."""


@dataclass(frozen=True, slots=True)
class Version:
    numbers: tuple[int, int, int]
    pre: str = ""
    given: int = 3  # how many components were written (for ~>)
    text: str = ""

    def key(self) -> tuple[object, ...]:
        if not self.pre:
            return (self.numbers, 1, ())
        ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in self.pre.split("."))
        return (self.numbers, 0, ids)

    def __str__(self) -> str:
        return self.text or ".".join(map(str, self.numbers)) + (f"-{self.pre}" if self.pre else "")


def parse_version(text: str) -> Version | None:
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    given = 1 + (match.group(2) is not None) + (match.group(3) is not None)
    numbers = (int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0))
    return Version(numbers, match.group(4) or "", given, text.strip())


@dataclass(frozen=True, slots=True)
class Condition:
    operator: str
    version: Version

    def allows(self, v: Version) -> bool:
        a, b = v.key(), self.version.key()
        if self.operator == "=":
            return a == b
        if self.operator == "!=":
            return a != b
        if self.operator == ">":
            return a > b
        if self.operator == ">=":
            return a >= b
        if self.operator == "<":
            return a < b
        if self.operator == "<=":
            return a <= b
        # ~>: at least the version; below the next increment of the component before the rightmost one given
        if a < b:
            return False
        kept = max(self.version.given - 1, 1)
        return v.numbers[:kept] == self.version.numbers[:kept]


def parse_constraint(text: str) -> list[Condition]:
    conditions = []
    for part in text.split(","):
        match = _CONDITION.match(part)
        version = parse_version(match.group(2)) if match else None
        if match is None or version is None:
            raise ConstraintError(f"{part.strip()!r} is not a version condition")
        conditions.append(Condition(match.group(1) or "=", version))
    if any(c.operator == "=" for c in conditions) and len(conditions) > 1:
        raise ConstraintError("an exact version (=) cannot be combined with other conditions")
    return conditions


def select(available: list[str], constraint: str | None) -> str | None:
    """The newest of ``available`` that ``constraint`` allows (None: any release), as it was written."""
    conditions = parse_constraint(constraint) if constraint and constraint.strip() else []
    exact = {c.version.key() for c in conditions if c.operator == "="}
    best: Version | None = None
    for text in available:
        version = parse_version(text)
        if version is None:
            continue
        if version.pre and version.key() not in exact:
            continue
        if all(c.allows(version) for c in conditions) and (best is None or version.key() > best.key()):
            best = version
    return str(best) if best is not None else None
