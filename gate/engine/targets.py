"""The ``refers_to`` helper: the resource an attribute of this one points at, judged by a condition.

``{related: ...}`` follows a relation backwards (the rules that point at a group); this follows it forwards: a
listener to its load balancer (``load_balancer_arn = aws_lb.x.arn``, ``LoadBalancerArn: !Ref LB``), a snapshot to
its volume (``volume_id``), an image's block device to its snapshot (``ebs_block_device.snapshot_id``). The
attribute may be nested (``ebs_block_device.snapshot_id``): a value that refers to another resource carries its
address.

Outcomes: true when every resource of ``types`` the attribute names satisfies ``where``; false when one of them
does not; unknown when the attribute names none in the scan (a variable, another configuration, a data source, a
value derived from a reference, which may be any object: ``gate.engine.as_is``): what the configuration cannot
show is not assumed either way. ``when_absent`` says what an attribute that is not
set at all means (false unless given).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from gate.engine.as_is import identified
from gate.engine.outcome import Clue, Outcome, all_of
from gate.engine.paths import resolve, split_path
from gate.schema import FORBID

if TYPE_CHECKING:
    from gate.engine.context import Condition, ConditionCompiler, Context


@dataclass(slots=True, kw_only=True)
class RefersToArgs:
    """``attr``: the path of an attribute of this resource; ``types``: the resource types it may point at;
    ``where``: a condition on the resource it points at (optional); ``when_absent``: the outcome when the
    attribute is not set."""

    __pydantic_config__ = FORBID
    attr: str
    types: list[str]
    where: Any = None
    when_absent: bool = False
    condition: Any = None  # the compiled ``where``, set by ``bind``

    def bind(self, compiler: ConditionCompiler) -> RefersToArgs:
        """These arguments with ``where`` compiled (a bad condition stops the run with its line)."""
        return replace(self, condition=compiler.compile(self.where) if self.where is not None else None)


def refers_to(args: RefersToArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """Judge the resources of ``args.types`` that the values at ``args.attr`` refer to."""
    found = [(w, v) for w, v in resolve(node, split_path(args.attr), prefix) if v not in (None, "", [])]
    if not found:
        where = f"{prefix}.{args.attr}" if prefix else args.attr
        return Outcome(args.when_absent, [Clue(where, absent=True)])
    return all_of(_follow(args, ctx, where, value) for where, value in found)


def _follow(args: RefersToArgs, ctx: Context, where: str, value: Any) -> Outcome:
    wanted = set(args.types)
    refs = sorted(identified(value))  # a value derived from a reference may be any object: it names none
    targets = [
        other
        for ref in refs
        for other in ctx.index.at(ctx.resource.scope, ref)
        if other.type in wanted and other is not ctx.resource
    ]
    if not targets:
        names = " or ".join(args.types)
        return Outcome(None, [Clue(where, note=f"{where} names no {names} in this configuration")])
    condition: Condition | None = args.condition
    if condition is None:
        return Outcome(True, [Clue(where, note=f"{where} is {targets[0].address}")])
    return all_of(condition.evaluate(ctx, other.attributes, other.address) for other in targets)
