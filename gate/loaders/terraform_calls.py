"""A module instance's module calls (their instances, the arguments a caller passes, ``module.x`` references and
outputs) and the resources it emits: the part of :class:`gate.loaders.terraform_hcl.ModuleInstance` that looks
across module boundaries."""

from __future__ import annotations

import json
from types import TracebackType
from typing import TYPE_CHECKING, Any

from gate.loaders import hcl_ast as ast
from gate.loaders.base import LoadOutput
from gate.loaders.hcl_eval import SENSITIVE_REF, Evaluator, EvaluatorBug
from gate.loaders.spans import hcl_spans, only_variable
from gate.loaders.terraform_limits import Located
from gate.loaders.terraform_provider_configs import block_provider, passed_providers
from gate.model import FORMAT_TERRAFORM, Location, Resource
from gate.values import Origin, Unknown, gap

if TYPE_CHECKING:
    from gate.loaders.terraform_hcl import ModuleInstance


MODULE_META = {"source", "version", "count", "for_each", "providers", "depends_on"}
IN_PROGRESS = object()


class _Located(Located):
    """Names where a limit passed (``terraform_limits.located``) or an :class:`EvaluatorBug` raised inside
    happened, unless a step nearer to it already did."""

    __slots__ = ()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        if isinstance(exc, EvaluatorBug):
            exc.where = exc.where or f"{self.file}:{self.line}"
        super().__exit__(kind, exc, trace)


located_step = _Located


class _UnknownKey:
    """The key of the instances of a ``count``/``for_each`` whose value (or some of whose elements) is not
    known before apply: Terraform still creates them, so they are judged once, under an unindexed address."""

    def __repr__(self) -> str:
        return "(known after apply)"


UNKNOWN_KEY: Any = _UnknownKey()


def instance_suffix(key: Any) -> str:
    if key is None or key is UNKNOWN_KEY:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(str(key))}]"


def counted(instances: dict[Any, Any]) -> bool:
    """Instances made by ``count`` (all their keys known indexes): what a splat ``[*]`` lists in order."""
    return bool(instances) and all(isinstance(k, int) and not isinstance(k, bool) for k in instances)


# --- module calls -------------------------------------------------------------------------------------------
def module_instances(instance: ModuleInstance, name: str) -> dict[Any, ModuleInstance] | None:
    if name in instance._modules:
        return instance._modules[name]
    instance._modules[name] = None
    declared = instance.source.modules[name]
    source = instance.loader.module_source(instance, name, declared)
    if source is None:
        return None
    result: dict[Any, ModuleInstance] = {}
    with located_step(declared.file, declared.block.line):
        instances = instance.expand(declared.block.body, Evaluator(instance), f"{instance.prefix}module.{name}")
        keys: list[Any] = [None] if instances is None else list(instances)
        instance.loader.budget.add_instances(len(keys))
        for key in keys:
            inner = Evaluator(instance, instance._names(instances, key))
            inputs: dict[str, Any] = {}
            tainted: set[str] = set()
            for attr_name, attribute in declared.block.body.attributes.items():
                if attr_name not in MODULE_META:
                    sink = inner.child()
                    sink.refs = set()
                    inputs[attr_name] = sink.evaluate(attribute.expr)
                    if SENSITIVE_REF in sink.refs:
                        tainted.add(f"var.{attr_name}")
            prefix = f"{instance.prefix}module.{name}{instance_suffix(key)}."
            call = Location(file=declared.file, start_line=declared.block.line, end_line=declared.block.end_line)
            result[key] = instance.loader.instantiate(source, prefix, inputs, instance.depth + 1)
            result[key].sensitive |= tainted
            result[key].calls = (*instance.calls, call)
            result[key].provider_call = (instance, passed_providers(declared.block.body))
            result[key].arguments = {
                n: (Location(file=declared.file, start_line=a.line, end_line=a.line), instance, only_variable(a.expr))
                for n, a in declared.block.body.attributes.items()
                if n not in MODULE_META
            }
    instance._modules[name] = result
    return result


def argument(instance: ModuleInstance, variable: str) -> Location | None:
    """The caller's module argument that sets ``var.<variable>``, followed up the calls while each one only
    passes on a variable its own caller sets; None in a root module (tfvars and defaults stay put)."""
    found = instance.arguments.get(variable)
    if found is None:
        return None
    where, caller, passed_on = found
    return (caller.argument(passed_on) if passed_on is not None else None) or where


def module_reference(instance: ModuleInstance, ev: Evaluator, name: str, steps: list[ast.Step]) -> tuple[Any, int]:
    address = f"{instance.prefix}module.{name}"
    ev.refs.add(address)
    if name not in instance.source.modules:
        return gap(f"module.{name} is not declared", frozenset({address})), len(steps) + 1
    instances = instance.module_instances(name)
    if not instances:
        return Unknown(frozenset({address}), reason=f"module.{name} is not loaded", origin=Origin.UNREAD), len(
            steps
        ) + 1
    if steps and isinstance(steps[0], ast.Splat) and counted(instances):
        # module.x[*].out: each instance's value, in index order (a splat over count instances)
        return [instance._output_path(ev, instances[i], steps[0].steps) for i in sorted(instances)], 2
    used = 1
    key: Any = None
    if steps and isinstance(steps[0], ast.Index):
        key = ev.eval(steps[0].key)
        used = 2
    child = instances.get(key)
    rest = steps[used - 1 :]
    if child is None or not rest or not isinstance(rest[0], ast.GetAttr):
        return Unknown(frozenset({address}), reason=f"{address} as a whole", origin=Origin.DERIVED), len(steps) + 1
    value = child.output(rest[0].name)
    if f"output.{rest[0].name}" in child.sensitive:
        ev.refs.add(SENSITIVE_REF)
    return value, used + 1


def output(instance: ModuleInstance, name: str) -> Any:
    if name in instance._outputs:
        value = instance._outputs[name]
        return gap("output refers to itself") if value is IN_PROGRESS else value
    declared = instance.source.outputs.get(name)
    if declared is None or "value" not in declared.block.body.attributes:
        return gap(f"output {name} is not declared")
    instance._outputs[name] = IN_PROGRESS
    with located_step(declared.file, declared.block.line):
        value = instance._evaluate_named(f"output.{name}", declared.block.body.attributes["value"].expr)
    instance._outputs[name] = value
    return value


# --- emission ------------------------------------------------------------------------------------------
def emit(instance: ModuleInstance, out: LoadOutput, scope: str) -> None:
    for key, declared in instance.source.resources.items():
        instances = instance.instances(key)
        keys: list[Any] = [None] if instances is None else list(instances)
        instance.loader.budget.add_instances(len(keys))
        spans = hcl_spans(declared.file, declared.block.body)
        for attr_name, attribute in declared.block.body.attributes.items():
            variable = only_variable(attribute.expr) if instance.arguments else None  # a root has no caller
            argument = instance.argument(variable) if variable is not None else None
            if argument is not None:
                spans[attr_name] = argument
        provider = block_provider(instance, declared.block)
        for each in keys:
            values = instance.values(key, each)
            refs = instance._refs.get((key, each), {})
            block = declared.block
            mode = "data" if key.startswith("data.") else "managed"
            out.resources.append(
                Resource(
                    address=f"{instance.prefix}{key}{instance_suffix(each)}",
                    type=block.labels[0],
                    format=FORMAT_TERRAFORM,
                    attributes=values,
                    location=Location(file=declared.file, start_line=block.line, end_line=block.end_line),
                    scope=scope,
                    mode=mode,
                    references={k: frozenset(v - {SENSITIVE_REF}) for k, v in refs.items() if v - {SENSITIVE_REF}},
                    sensitive=frozenset(k for k, v in refs.items() if SENSITIVE_REF in v),
                    skips=declared.skips,
                    calls=instance.calls,
                    spans=spans,
                    provider=provider,
                )
            )
    for name in instance.source.modules:
        for child in (instance.module_instances(name) or {}).values():
            child.emit(out, scope)
