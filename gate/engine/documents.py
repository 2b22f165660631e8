"""The ``document`` helper: a condition on a JSON document held in an attribute.

Some settings are one JSON document rather than arguments: an EMR security configuration (Terraform's
``configuration`` is a JSON string, CloudFormation's ``SecurityConfiguration`` a structure or a string). The helper
reads the document (``jsonencode``, a heredoc, a literal, or a structure) and evaluates ``where`` with the document
as its root, so a policy states what it needs with the ordinary operators. A document known only after apply is
unknown; text that is not a JSON object is reported as such (AWS rejects it, and it encrypts nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from gate.engine.iam import parse_document
from gate.engine.outcome import Clue, Outcome, all_of
from gate.engine.paths import resolve, split_path
from gate.schema import FORBID
from gate.values import Unknown

if TYPE_CHECKING:
    from gate.engine.context import Condition, ConditionCompiler, Context


@dataclass(slots=True, kw_only=True)
class DocumentArgs:
    """``attr``: the path of the document; ``where``: the condition it must satisfy (paths inside the document)."""

    __pydantic_config__ = FORBID
    attr: str
    where: Any
    condition: Any = None  # the compiled ``where``, set by ``bind``

    def bind(self, compiler: ConditionCompiler) -> DocumentArgs:
        """These arguments with ``where`` compiled (a bad condition stops the run with its line)."""
        return replace(self, condition=compiler.compile(self.where))


def document(args: DocumentArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """``args.where`` evaluated on each document at ``args.attr``; false when no document is set."""
    found = [(w, v) for w, v in resolve(node, split_path(args.attr), prefix) if v not in (None, "")]
    if not found:
        where = f"{prefix}.{args.attr}" if prefix else args.attr
        return Outcome(False, [Clue(where, absent=True)])
    condition: Condition = args.condition
    outcomes = []
    for where, value in found:
        parsed = parse_document(value)
        if isinstance(parsed, Unknown):
            outcomes.append(Outcome(None, [Clue(where, parsed)]))
        elif not isinstance(parsed, dict):
            outcomes.append(Outcome(False, [Clue(where, note=f"{where} is not a JSON object")]))
        else:
            outcomes.append(condition.evaluate(ctx, parsed, where))
    return all_of(outcomes)
