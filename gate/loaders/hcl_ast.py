"""A small expression tree for HCL, independent of the parser that produced it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gate.loaders.gotext import nfc_value


@dataclass(slots=True)
class Lit:
    value: Any

    def __post_init__(self) -> None:  # cty holds every string in Unicode normalization form C
        self.value = nfc_value(self.value)


@dataclass(slots=True)
class Var:
    name: str


@dataclass(slots=True)
class Template:
    """A string with interpolations; a template that is a single interpolation yields the raw value."""

    parts: list[str | Expr]


@dataclass(slots=True)
class GetAttr:
    name: str


@dataclass(slots=True)
class Index:
    key: Expr


@dataclass(slots=True)
class Splat:
    """``.*`` / ``[*]``: the remaining steps apply to each element."""

    steps: list[Step]


Step = GetAttr | Index | Splat


@dataclass(slots=True)
class Traverse:
    base: Expr
    steps: list[Step]


@dataclass(slots=True)
class Call:
    name: str
    args: list[Expr]
    expand: bool = False  # ``f(list...)``: the last argument's elements are the final arguments


@dataclass(slots=True)
class Unary:
    op: str
    operand: Expr


@dataclass(slots=True)
class Binary:
    op: str
    left: Expr
    right: Expr


@dataclass(slots=True)
class Cond:
    test: Expr
    then: Expr
    other: Expr


@dataclass(slots=True)
class TupleX:
    items: list[Expr]


@dataclass(slots=True)
class ObjectX:
    items: list[tuple[Expr, Expr]]


@dataclass(slots=True)
class ForX:
    key_var: str | None
    value_var: str
    collection: Expr
    value: Expr
    key: Expr | None = None  # set for object comprehensions
    condition: Expr | None = None
    group: bool = False


@dataclass(slots=True)
class Opaque:
    """An expression the gate does not evaluate (a provider function, a template directive): unknown."""

    reason: str


@dataclass(slots=True)
class TemplateIf:
    """``%{if test}then%{else}other%{endif}`` in a string template: always a string."""

    test: Expr
    then: Template
    other: Template


@dataclass(slots=True)
class TemplateFor:
    """``%{for key, value in collection}body%{endfor}`` in a string template: the bodies joined."""

    key_var: str | None
    value_var: str
    collection: Expr
    body: Template


Expr = (
    Lit
    | Var
    | Template
    | Traverse
    | Call
    | Unary
    | Binary
    | Cond
    | TupleX
    | ObjectX
    | ForX
    | Opaque
    | TemplateIf
    | TemplateFor
)


@dataclass(slots=True)
class Attribute:
    name: str
    expr: Expr
    line: int


@dataclass(slots=True)
class Block:
    type: str
    labels: list[str]
    body: Body
    line: int
    end_line: int


@dataclass(slots=True)
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
