"""Named helpers for what data cannot say well: network rules (CIDRs and port ranges, inline or attached) and
IAM policy documents. Each helper is listed once in ``HELPERS`` with the pydantic model of its arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from gate.engine.iam import IamStatementArgs, iam_statement
from gate.engine.network import IngressOpenArgs, ingress_open
from gate.engine.outcome import Outcome

if TYPE_CHECKING:
    from gate.engine.conditions import Compiler, Condition, Context

HelperFn = Callable[[Any, "Context", Any, str], Outcome]


class _NoArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")


HELPERS: dict[str, tuple[type[BaseModel], HelperFn]] = {
    "ingress_open": (IngressOpenArgs, ingress_open),
    "iam_statement": (IamStatementArgs, iam_statement),
}


@dataclass(slots=True)
class HelperCall:
    name: str
    args: Any
    fn: HelperFn

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        return self.fn(self.args, ctx, node, prefix)


def compile_helper(compiler: Compiler, raw: dict[str, Any]) -> Condition:
    name = raw.get("helper")
    if name not in HELPERS:
        raise compiler.fail(raw, f"unknown helper {name!r} (expected one of {', '.join(sorted(HELPERS))})")
    model, fn = HELPERS[name]
    try:
        args = model.model_validate({k: v for k, v in raw.items() if k != "helper"})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        detail = str(first["msg"]).removeprefix("Value error, ")
        raise compiler.fail(raw, f"helper {name}: {where + ': ' if where else ''}{detail}") from None
    return HelperCall(str(name), args, fn)
