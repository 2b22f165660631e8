"""Checking documents against the gate's data classes, and turning those classes back into plain data.

The gate's data are plain slotted dataclasses: results, policies, settings. pydantic checks every document
that becomes one of them (configuration, policy files, waivers, baselines, a JSON result read back) against the
dataclass itself, so a class is written once and is its own schema. pydantic is imported here, and only when a
document has to be checked: a scan whose documents are all in the parse cache never imports it (importing it
and building the schemas was 0.1 s, two fifths of a scan of nothing).

A class says what plain type annotations cannot with ``Annotated[..., Bounds(...)]`` on a field, a
``__post_init__`` that raises ``ValueError`` (run after the fields are checked, and by the constructor too), or
a ``prepare`` static method that reshapes the raw input first (a shorthand, a scalar for a list). A class of a
document refuses unknown keys with ``__pydantic_config__ = FORBID``; results read back ignore them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# pydantic names some problems differently for dataclasses than for models; the gate speaks of them one way.
_KINDS = {"unexpected_keyword_argument": "extra_forbidden", "missing_argument": "missing"}
_MESSAGES = {"extra_forbidden": "Extra inputs are not permitted", "missing": "Field required"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a document: where (keys and list indexes from the top), what kind, and a sentence."""

    loc: tuple[str | int, ...]
    kind: str  # pydantic's error type: "missing", "extra_forbidden", "enum", "literal_error", "value_error"...
    message: str
    value: Any = None
    ctx: dict[str, Any] = dataclasses.field(default_factory=dict)


class SchemaError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{'.'.join(map(str, p.loc)) or '(top)'}: {p.message}" for p in problems))
        self.problems = problems

    @property
    def first(self) -> Problem:
        return self.problems[0]


@dataclass(frozen=True, slots=True)
class Bounds:
    """Limits of one field, as ``Annotated`` metadata: ``title: Annotated[str, Bounds(min_length=1)]``."""

    min_length: int | None = None  # strings, lists and mappings
    ge: int | None = None
    le: int | None = None
    pattern: str | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        schema = dict(handler(source))
        schema.update(
            {k: v for k, v in ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self)) if v is not None}
        )
        return schema


FORBID = {"extra": "forbid"}  # ``__pydantic_config__ = FORBID``: a class of a document refuses unknown keys


def _prepared(cls: Any, source: Any, handler: Callable[[Any], Any]) -> Any:
    from pydantic_core import core_schema

    return core_schema.no_info_before_validator_function(cls.prepare, handler(source))


# ``__get_pydantic_core_schema__ = PREPARED`` in a class with a ``prepare(raw)`` static method: the raw input is
# reshaped by it before it is checked (a shorthand for the long form, a scalar for a one-element list).
PREPARED = classmethod(_prepared)

_ADAPTERS: dict[Any, Any] = {}


def check(kind: type[T], raw: Any) -> T:
    """``raw`` (parsed YAML, TOML or JSON) as an instance of ``kind``, or :class:`SchemaError`."""
    from pydantic import TypeAdapter, ValidationError

    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    try:
        return adapter.validate_python(raw)  # type: ignore[no-any-return]
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            kind_name = _KINDS.get(error["type"], error["type"])
            message = _MESSAGES.get(kind_name, error["msg"])
            problems.append(
                Problem(tuple(error["loc"]), kind_name, message, error.get("input"), dict(error.get("ctx") or {}))
            )
        raise SchemaError(problems) from None


def to_data(value: Any, omit_none: bool = False) -> Any:
    """A dataclass instance as plain data (dicts in field order, lists, strings, numbers): what JSON and YAML
    writers take. Enums become their values, dates ISO text; ``omit_none`` leaves out fields that are None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return {k: to_data(v, omit_none) for k, v in items if v is not None or not omit_none}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {to_data(k): to_data(v, omit_none) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v, omit_none) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
