"""Terraform HCL: root modules with their variables, locals, local modules, count, for_each and dynamic blocks,
evaluated into resources with Terraform's own addresses (``module.web.aws_security_group.this[0]``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from gate.errors import InputError
from gate.loaders import hcl_ast as ast
from gate.loaders.base import LoadOutput
from gate.loaders.hcl_access import EvalError, iteration_pairs
from gate.loaders.hcl_eval import SENSITIVE_REF, Evaluator, EvaluatorBug
from gate.loaders.hcl_origins import attribute_origin, known_identifier
from gate.loaders.iam_document import render_policy_document
from gate.loaders.modules.fetcher import ModuleFetcher, NotFetched
from gate.loaders.spans import hcl_spans, only_variable
from gate.loaders.terraform_files import Declared, ModuleSource, SourceCache, env_value, read_var_file
from gate.loaders.terraform_limits import MAX_MODULE_DEPTH, Budget, LimitError, Located, check_instances, is_limit
from gate.loaders.terraform_origins import attach_origins
from gate.loaders.terraform_providers import attach_provider_versions
from gate.loaders.terraform_types import declared_value
from gate.model import FORMAT_TERRAFORM, Location, Resource
from gate.values import Origin, Unknown, gap, unknown_of, unknowns_in

META_ATTRIBUTES = {"count", "for_each", "depends_on", "provider", "providers"}
META_BLOCKS = {"lifecycle", "provisioner", "connection"}
MODULE_META = {"source", "version", "count", "for_each", "providers", "depends_on"}
_IN_PROGRESS = object()

# Attributes computed from a data source's own arguments: (type, attribute) -> renderer.
COMPUTED: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("aws_iam_policy_document", "json"): render_policy_document,
    ("aws_iam_policy_document", "minified_json"): render_policy_document,
}


class _UnknownKey:
    """The key of the instances of a ``count``/``for_each`` whose value (or some of whose elements) is not
    known before apply: Terraform still creates them, so they are judged once, under an unindexed address."""

    def __repr__(self) -> str:
        return "(known after apply)"


UNKNOWN_KEY: Any = _UnknownKey()


def _instance_suffix(key: Any) -> str:
    if key is None or key is UNKNOWN_KEY:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(str(key))}]"


class ModuleInstance:
    """One instance of a module: its variables bound, its locals, resources and outputs evaluated on demand."""

    def __init__(self, loader: TerraformLoader, source: ModuleSource, prefix: str, variables: dict[str, Any], depth: int) -> None:
        self.loader = loader
        self.source = source
        self.prefix = prefix
        self.variables = variables
        self.depth = depth
        self._locals: dict[str, Any] = {}
        self._instances: dict[str, Any] = {}
        self._values: dict[tuple[str, Any], Any] = {}
        self._refs: dict[tuple[str, Any], dict[str, set[str]]] = {}
        self._modules: dict[str, dict[Any, ModuleInstance] | None] = {}
        self.calls: tuple[Location, ...] = ()  # the module blocks that lead here from the root
        # The caller's module arguments: variable -> (where it is set, the caller, the variable of the caller
        # it only passes on, if it does): the line to change when a resource's argument only passes it on.
        self.arguments: dict[str, tuple[Location, ModuleInstance, str | None]] = {}
        self._outputs: dict[str, Any] = {}
        # Names whose value is sensitive ("var.x", "local.y", "output.z"): see hcl_eval.SENSITIVE_REF.
        self.sensitive = {f"var.{n}" for n, d in source.variables.items() if _marked_sensitive(d)}
        self.sensitive |= {f"output.{n}" for n, d in source.outputs.items() if _marked_sensitive(d)}

    # --- the evaluator's scope (gate.loaders.hcl_scope) ----------------------------------------------------
    @property
    def budget(self) -> Budget:
        return self.loader.budget

    @property
    def root_dir(self) -> Path:
        return self.loader.root_dir

    def may_read(self, path: Path) -> bool:
        return self.loader.may_read(path)

    # --- names ---------------------------------------------------------------------------------------------
    def resolve(self, ev: Evaluator, name: str, steps: list[ast.Step]) -> tuple[Any, int]:
        first = steps[0].name if steps and isinstance(steps[0], ast.GetAttr) else None
        if name == "var" and first is not None:
            if first in self.variables:
                self._taint(ev, f"var.{first}")
                return self.variables[first], 1
            return Unknown(reason=f"var.{first} has no value", origin=Origin.UNSET), 1
        if name == "local" and first is not None:
            value = self.local(first)
            self._taint(ev, f"local.{first}")
            return value, 1
        if name == "path" and first is not None:
            return self.path_value(first), 1
        if name == "terraform" and first == "workspace":
            return self.loader.workspace(), 1
        if name == "module" and first is not None:
            return self.module_reference(ev, first, steps[1:])
        if name == "data" and first is not None and len(steps) > 1 and isinstance(steps[1], ast.GetAttr):
            key = f"data.{first}.{steps[1].name}"
            if key not in self.source.resources:  # Terraform rejects a reference to an undeclared data source
                return gap(f"{key} is not declared in this module", frozenset({self.prefix + key})), len(steps)
            value, used = self.resource_reference(ev, key, steps[2:])
            return value, used + 2
        if name in ("count", "each", "self"):
            return gap(f"{name} outside its block"), len(steps)
        if first is not None:
            key = f"{name}.{first}"
            if key in self.source.resources:
                value, used = self.resource_reference(ev, key, steps[1:])
                return value, used + 1
            return gap(f"{key} is not declared in this module", frozenset({self.prefix + key})), len(steps)
        raise EvalError(f"unknown name {name!r}")

    def local(self, name: str) -> Any:
        if name in self._locals:
            value = self._locals[name]
            return gap(f"local.{name} refers to itself") if value is _IN_PROGRESS else value
        if name not in self.source.locals:
            raise EvalError(f"local.{name} is not declared")
        self._locals[name] = _IN_PROGRESS
        attribute, file = self.source.locals[name]
        with _located(file, attribute.line):
            value = self._evaluate_named(f"local.{name}", attribute.expr)
        self._locals[name] = value
        return value

    def _evaluate_named(self, name: str, expr: ast.Expr) -> Any:
        """A local's or output's value; the name is sensitive when what it reads is."""
        ev = Evaluator(self)
        value = ev.evaluate(expr)
        if SENSITIVE_REF in ev.refs:
            self.sensitive.add(name)
        return value

    def _taint(self, ev: Evaluator, name: str) -> None:
        if name in self.sensitive:
            ev.refs.add(SENSITIVE_REF)

    def path_value(self, which: str) -> Any:
        """``path.module`` and ``path.root`` relative to the root, as Terraform gives them; ``path.cwd`` is the
        absolute directory Terraform runs in, which the files do not say: known only when deploying.
        https://developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info"""
        root = self.loader.root_dir
        if which == "module":
            return Path(os.path.relpath(self.source.directory, root)).as_posix()
        if which == "root":
            return "."
        if which == "cwd":
            return Unknown(reason="path.cwd is the directory Terraform runs in", origin=Origin.DEPLOY)
        raise EvalError(f"path.{which} is not a path Terraform knows")

    def instances(self, key: str) -> dict[Any, Any] | None:
        """None for a single instance, else {instance key: each.value} for count/for_each (``UNKNOWN_KEY``
        stands for the instances whose keys are not known before apply)."""
        if key in self._instances:
            return self._instances[key]  # type: ignore[no-any-return]
        declared = self.source.resources[key]
        self._instances[key] = None
        with _located(declared.file, declared.block.line):
            result = self.expand(declared.block.body, Evaluator(self), f"{self.prefix}{key}")
        self._instances[key] = result
        return result

    def expand(self, body: ast.Body, ev: Evaluator, what: str) -> dict[Any, Any] | None:
        """The instances ``count`` or ``for_each`` asks for. A collection that is unknown, or some of whose
        elements are, still yields its instances (with an unknown key): Terraform creates them at apply.
        https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#limitations-on-values-used-in-for_each"""
        if "count" in body.attributes:
            attribute = body.attributes["count"]
            count = ev.evaluate(attribute.expr)
            if isinstance(count, Unknown):
                return {UNKNOWN_KEY: count}
            number = _whole_number(count)
            if number is None:
                return {UNKNOWN_KEY: gap("count is not a whole number")}
            check_instances(number, f"count of {what}", attribute.line)
            return {i: i for i in range(number)}
        if "for_each" in body.attributes:
            attribute = body.attributes["for_each"]
            each = ev.evaluate(attribute.expr)
            if isinstance(each, Unknown):
                return {UNKNOWN_KEY: each}
            if isinstance(each, (dict, list)):
                check_instances(len(each), f"for_each of {what}", attribute.line)
            if isinstance(each, dict):
                return dict(each)
            if isinstance(each, list):
                known: dict[Any, Any] = {str(v): v for v in each if not isinstance(v, Unknown)}
                unknown = [v for v in each if isinstance(v, Unknown)]
                if unknown:
                    known[UNKNOWN_KEY] = unknown_of(*unknown)
                return known
            return {UNKNOWN_KEY: gap("for_each is not a map or set")}
        return None

    @staticmethod
    def _names(instances: dict[Any, Any] | None, key: Any) -> dict[str, Any]:
        if instances is None:
            return {}
        value = instances[key]
        if key is UNKNOWN_KEY:
            return {"count": {"index": value}, "each": {"key": value, "value": value}}
        return {"count": {"index": key}, "each": {"key": key, "value": value}}

    def values(self, key: str, instance: Any) -> dict[str, Any]:
        """The evaluated arguments of one resource instance (memoised; a reference cycle yields nothing)."""
        memo = (key, instance)
        if memo in self._values:
            found = self._values[memo]
            return {} if found is _IN_PROGRESS else dict(found)
        self._values[memo] = _IN_PROGRESS
        declared = self.source.resources[key]
        with _located(declared.file, declared.block.line):
            instances = self.instances(key)
            ev = Evaluator(self, self._names(instances, instance))
            refs: dict[str, set[str]] = {}
            values = self.body_values(declared.block.body, ev, refs, top=True)
        self._values[memo] = values
        self._refs[memo] = refs
        return values

    def resource_reference(self, ev: Evaluator, key: str, steps: list[ast.Step]) -> tuple[Any, int]:
        """A reference to a resource. The instance it names is recorded (``aws_x.y["a"]``) when it is known,
        so relations between ``for_each`` instances attach to the right one; otherwise the whole resource."""
        address = self.prefix + key
        instances = self.instances(key)
        used = 0
        instance: Any = None
        if instances is None and steps and isinstance(steps[0], ast.Splat):  # a splat of one instance: a list of it
            return [self._instance_path(ev, key, None, steps[0].steps)], 1
        if instances is not None:
            if steps and isinstance(steps[0], ast.Splat) and _counted(instances):
                # aws_x.y[*].attr: each instance's value, in index order (a splat over count instances)
                return [self._instance_path(ev, key, i, steps[0].steps) for i in sorted(instances)], 1
            if not steps or not isinstance(steps[0], ast.Index):
                ev.refs.add(address)
                several = unknown_of(instances) if isinstance(instances, Unknown) else Unknown(origin=Origin.COMPUTED)
                several.refs |= {address}
                several.reason = several.reason or f"{address} has several instances"
                return several, len(steps)
            instance = ev.eval(steps[0].key)
            used = 1
            if isinstance(instance, Unknown) or instance not in instances:
                ev.refs.add(address)
                missing = unknown_of(instance) if isinstance(instance, Unknown) else gap(f"{address} has no instance {instance!r}")
                missing.refs |= {address}
                return missing, len(steps)
            address += _instance_suffix(instance)
        ev.refs.add(address)
        values = self.values(key, instance)
        rest = steps[used:]
        if not rest or not isinstance(rest[0], ast.GetAttr):
            return Unknown(frozenset({address}), origin=Origin.COMPUTED), len(steps)
        attribute = rest[0].name
        resource_type = key.split(".")[-2]
        renderer = COMPUTED.get((resource_type, attribute))
        if renderer is not None:
            return renderer(values), used + 1
        if SENSITIVE_REF in self._refs.get((key, instance), {}).get(attribute, ()):
            ev.refs.add(SENSITIVE_REF)
        if attribute in values:
            return values[attribute], used + 1
        other_provider = "provider" in self.source.resources[key].block.body.attributes
        arn = known_identifier(key, attribute, values, address, other_provider)
        if arn is not None:
            return arn, used + 1
        origin = attribute_origin(key, attribute, other_provider)
        return Unknown(frozenset({address}), reason=f"{address}.{attribute} is computed", origin=origin), used + 1

    def _instance_path(self, ev: Evaluator, key: str, index: int | None, steps: list[ast.Step]) -> Any:
        """The value of ``steps`` in instance ``index`` of resource ``key`` (None: its only instance)."""
        path: list[ast.Step] = [*([] if index is None else [ast.Index(ast.Lit(index))]), *steps]
        value, used = self.resource_reference(ev, key, path)
        return ev.apply(value, path[used:])

    def _output_path(self, ev: Evaluator, instance: ModuleInstance, steps: list[ast.Step]) -> Any:
        """The value of ``steps`` (an output, then whatever follows) in one instance of a module."""
        if not steps or not isinstance(steps[0], ast.GetAttr):
            return Unknown(frozenset({instance.prefix.rstrip(".")}), reason="a module as a whole", origin=Origin.DERIVED)
        if f"output.{steps[0].name}" in instance.sensitive:
            ev.refs.add(SENSITIVE_REF)
        return ev.apply(instance.output(steps[0].name), steps[1:])

    def body_values(self, body: ast.Body, ev: Evaluator, refs: dict[str, set[str]], top: bool, name: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for attr_name, attribute in body.attributes.items():
            if top and attr_name in META_ATTRIBUTES:
                continue
            sink = ev.child()
            sink.refs = set()
            out[attr_name] = sink.evaluate(attribute.expr)
            refs.setdefault(name or attr_name, set()).update(sink.refs, (r for u in unknowns_in(out[attr_name]) for r in u.refs))
        for block in body.blocks:
            if top and block.type in META_BLOCKS:
                continue
            if block.type == "dynamic" and block.labels:
                self.dynamic(block, ev, refs, out, name)
                continue
            out.setdefault(block.type, []).append(self.body_values(block.body, ev, refs, False, name or block.type))
        return out

    def dynamic(self, block: ast.Block, ev: Evaluator, refs: dict[str, set[str]], out: dict[str, Any], name: str) -> None:
        label = block.labels[0]
        attributes = block.body.attributes
        iterator = label
        if "iterator" in attributes:
            expr = attributes["iterator"].expr
            if isinstance(expr, ast.Traverse) and isinstance(expr.base, ast.Var) and not expr.steps:
                iterator = expr.base.name
            elif isinstance(expr, ast.Var):
                iterator = expr.name
            elif isinstance(expr, ast.Lit) and isinstance(expr.value, str):  # Terraform's JSON syntax
                iterator = expr.value
        content = next((b for b in block.body.blocks if b.type == "content"), None)
        if content is None or "for_each" not in attributes:
            return
        sink = ev.child()
        sink.refs = set()
        collection = sink.evaluate(attributes["for_each"].expr)
        refs.setdefault(name or label, set()).update(sink.refs)
        if isinstance(collection, Unknown):
            pairs: list[tuple[Any, Any]] = [(collection, collection)]
        elif isinstance(collection, (dict, list)):
            pairs = iteration_pairs(collection, "a dynamic block")
        else:  # Terraform rejects it: the blocks are not known, never absent
            failed = gap(f"the for_each of dynamic \"{label}\" is not a collection")
            pairs = [(failed, failed)]
        self.loader.budget.step(len(pairs))
        for key, value in pairs:
            child = ev.child(**{iterator: {"key": key, "value": value}})
            out.setdefault(label, []).append(self.body_values(content.body, child, refs, False, name or label))

    # --- modules -------------------------------------------------------------------------------------------
    def module_instances(self, name: str) -> dict[Any, ModuleInstance] | None:
        if name in self._modules:
            return self._modules[name]
        self._modules[name] = None
        declared = self.source.modules[name]
        source = self.loader.module_source(self, name, declared)
        if source is None:
            return None
        result: dict[Any, ModuleInstance] = {}
        with _located(declared.file, declared.block.line):
            instances = self.expand(declared.block.body, Evaluator(self), f"{self.prefix}module.{name}")
            keys: list[Any] = [None] if instances is None else list(instances)
            self.loader.budget.add_instances(len(keys))
            for key in keys:
                inner = Evaluator(self, self._names(instances, key))
                inputs: dict[str, Any] = {}
                tainted: set[str] = set()
                for attr_name, attribute in declared.block.body.attributes.items():
                    if attr_name not in MODULE_META:
                        sink = inner.child()
                        sink.refs = set()
                        inputs[attr_name] = sink.evaluate(attribute.expr)
                        if SENSITIVE_REF in sink.refs:
                            tainted.add(f"var.{attr_name}")
                prefix = f"{self.prefix}module.{name}{_instance_suffix(key)}."
                call = Location(file=declared.file, start_line=declared.block.line, end_line=declared.block.end_line)
                result[key] = self.loader.instantiate(source, prefix, inputs, self.depth + 1)
                result[key].sensitive |= tainted
                result[key].calls = (*self.calls, call)
                result[key].arguments = {
                    n: (Location(file=declared.file, start_line=a.line, end_line=a.line), self, only_variable(a.expr))
                    for n, a in declared.block.body.attributes.items() if n not in MODULE_META
                }
        self._modules[name] = result
        return result

    def argument(self, variable: str) -> Location | None:
        """The caller's module argument that sets ``var.<variable>``, followed up the calls while each one only
        passes on a variable its own caller sets; None in a root module (tfvars and defaults stay put)."""
        found = self.arguments.get(variable)
        if found is None:
            return None
        where, caller, passed_on = found
        return (caller.argument(passed_on) if passed_on is not None else None) or where

    def module_reference(self, ev: Evaluator, name: str, steps: list[ast.Step]) -> tuple[Any, int]:
        address = f"{self.prefix}module.{name}"
        ev.refs.add(address)
        if name not in self.source.modules:
            return gap(f"module.{name} is not declared", frozenset({address})), len(steps) + 1
        instances = self.module_instances(name)
        if not instances:
            return Unknown(frozenset({address}), reason=f"module.{name} is not loaded", origin=Origin.UNREAD), len(steps) + 1
        if steps and isinstance(steps[0], ast.Splat) and _counted(instances):
            # module.x[*].out: each instance's value, in index order (a splat over count instances)
            return [self._output_path(ev, instances[i], steps[0].steps) for i in sorted(instances)], 2
        used = 1
        key: Any = None
        if steps and isinstance(steps[0], ast.Index):
            key = ev.eval(steps[0].key)
            used = 2
        instance = instances.get(key)
        rest = steps[used - 1 :]
        if instance is None or not rest or not isinstance(rest[0], ast.GetAttr):
            return Unknown(frozenset({address}), reason=f"{address} as a whole", origin=Origin.DERIVED), len(steps) + 1
        value = instance.output(rest[0].name)
        if f"output.{rest[0].name}" in instance.sensitive:
            ev.refs.add(SENSITIVE_REF)
        return value, used + 1

    def output(self, name: str) -> Any:
        if name in self._outputs:
            value = self._outputs[name]
            return gap("output refers to itself") if value is _IN_PROGRESS else value
        declared = self.source.outputs.get(name)
        if declared is None or "value" not in declared.block.body.attributes:
            return gap(f"output {name} is not declared")
        self._outputs[name] = _IN_PROGRESS
        with _located(declared.file, declared.block.line):
            value = self._evaluate_named(f"output.{name}", declared.block.body.attributes["value"].expr)
        self._outputs[name] = value
        return value

    # --- emission ------------------------------------------------------------------------------------------
    def emit(self, out: LoadOutput, scope: str) -> None:
        for key, declared in self.source.resources.items():
            instances = self.instances(key)
            keys: list[Any] = [None] if instances is None else list(instances)
            self.loader.budget.add_instances(len(keys))
            spans = hcl_spans(declared.file, declared.block.body)
            for attr_name, attribute in declared.block.body.attributes.items():
                variable = only_variable(attribute.expr)
                argument = self.argument(variable) if variable is not None else None
                if argument is not None:
                    spans[attr_name] = argument
            for instance in keys:
                values = self.values(key, instance)
                refs = self._refs.get((key, instance), {})
                block = declared.block
                mode = "data" if key.startswith("data.") else "managed"
                out.resources.append(
                    Resource(
                        address=f"{self.prefix}{key}{_instance_suffix(instance)}",
                        type=block.labels[0],
                        format=FORMAT_TERRAFORM,
                        attributes=values,
                        location=Location(file=declared.file, start_line=block.line, end_line=block.end_line),
                        scope=scope,
                        mode=mode,
                        references={k: frozenset(v - {SENSITIVE_REF}) for k, v in refs.items() if v - {SENSITIVE_REF}},
                        sensitive=frozenset(k for k, v in refs.items() if SENSITIVE_REF in v),
                        skips=declared.skips,
                        calls=self.calls,
                        spans=spans,
                    )
                )
        for name in self.source.modules:
            for child in (self.module_instances(name) or {}).values():
                child.emit(out, scope)


def _marked_sensitive(declared: Declared) -> bool:
    """``sensitive = true`` on a variable or output (https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output)."""
    expr = declared.block.body.attributes.get("sensitive")
    return expr is not None and isinstance(expr.expr, ast.Lit) and expr.expr.value is True


class _Located(Located):
    """Names where a limit passed (``terraform_limits.located``) or an :class:`EvaluatorBug` raised inside
    happened, unless a step nearer to it already did."""

    __slots__ = ()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None) -> None:
        if isinstance(exc, EvaluatorBug):
            exc.where = exc.where or f"{self.file}:{self.line}"
        super().__exit__(kind, exc, trace)


_located = _Located


def _counted(instances: dict[Any, Any]) -> bool:
    """Instances made by ``count`` (all their keys known indexes): what a splat ``[*]`` lists in order."""
    return bool(instances) and all(isinstance(k, int) and not isinstance(k, bool) for k in instances)


def _whole_number(value: Any) -> int | None:
    """``count`` as Terraform takes it: a whole number, not negative (a numeric string converts)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value) if isinstance(value, str) else value
        if isinstance(number, (int, float)) and number >= 0 and float(number).is_integer():
            return int(number)
    except (ValueError, OverflowError):
        return None
    return None


class TerraformLoader:
    """Loads one root module (and the local modules it calls) into resources."""

    def __init__(
        self, root_dir: Path, scan_root: Path, display: Callable[[Path], str], out: LoadOutput, sources: SourceCache
    ) -> None:
        self.root_dir = root_dir
        self.scan_root = scan_root
        self.display = display
        self.out = out
        self.sources = sources
        self._registry: dict[str, str] | None = None
        self.assigned_from: dict[str, set[str]] = {}  # root variable -> the variables files that set it
        self._noticed: set[str] = set()
        self.budget = Budget()
        self.environ: dict[str, str] = {}
        self.modules: ModuleFetcher | None = None  # fetches remote modules (None: only .terraform/modules)

    def may_read(self, path: Path) -> bool:
        """Whether ``file()`` and its kin read ``path`` (resolved): inside the scanned tree, or inside a remote
        package fetched for this scan (gate.loaders.modules), which is read like the tree."""
        return path.is_relative_to(self.scan_root) or (self.modules is not None and self.modules.package_of(path) is not None)

    def read_module(self, directory: Path) -> ModuleSource:
        return self.sources.get(directory, self.display)

    def instantiate(self, source: ModuleSource, prefix: str, inputs: dict[str, Any], depth: int) -> ModuleInstance:
        instance = ModuleInstance(self, source, prefix, {}, depth)
        self.sources.instantiated.add(source.directory.resolve())
        for name, declared in source.variables.items():
            body = declared.block.body
            if name in inputs or "default" in body.attributes:
                with _located(declared.file, declared.block.line):
                    evaluate = Evaluator(instance).evaluate
                    given = name in inputs
                    value = inputs[name] if given else evaluate(body.attributes["default"].expr)
                    instance.variables[name] = declared_value(name, value, body, evaluate, given)
        return instance

    def module_source(self, caller: ModuleInstance, name: str, declared: Declared) -> ModuleSource | None:
        attribute = declared.block.body.attributes.get("source")
        source = attribute.expr.value if attribute is not None and isinstance(attribute.expr, ast.Lit) else None
        where = f"{declared.file}:{declared.block.line}"
        if not isinstance(source, str):
            self.notice(f"{where}: module.{name} has no literal source; its resources are not scanned")
            return None
        if caller.depth >= MAX_MODULE_DEPTH:
            raise LimitError(f"module.{name} nests deeper than {MAX_MODULE_DEPTH} levels", declared.file, declared.block.line)
        if source.startswith(("./", "../")):
            directory = (caller.source.directory / source).resolve()
            written = Path(os.path.normpath(caller.source.directory / source))
            if written.is_relative_to(self.scan_root) and not directory.is_relative_to(self.scan_root):
                self.out.errors.append(InputError(
                    declared.file, declared.block.line,
                    f"module.{name} source {source} is a symbolic link out of the scanned tree: not read (fail closed)",
                ))
                return None
            package = self.modules.package_of(caller.source.directory) if self.modules is not None else None
            display = self.display if package is None else package.display
            if package is not None and not directory.is_relative_to(package.root):  # Terraform: within the package
                self.out.errors.append(InputError(
                    declared.file, declared.block.line, f"module.{name} source {source} leaves its remote package: not read"))
                return None
        else:
            found = self.remote_module(caller, name, declared, source, where)
            if found is None:
                return None
            directory, display = found
        if not directory.is_dir():
            self.notice(f"{where}: module.{name} source {source} is not a directory; its resources are not scanned")
            return None
        return self.sources.get(directory, display)

    def remote_module(
        self, caller: ModuleInstance, name: str, declared: Declared, source: str, where: str
    ) -> tuple[Path, Callable[[Path], str]] | None:
        """Where a remote module's files are: fetched (gate.loaders.modules), else where ``terraform init`` put them;
        None when neither has it (a notice, or an error result when the fetch failed: docs/modules.md)."""
        failed = None
        if self.modules is not None:
            attribute = declared.block.body.attributes.get("version")
            version = attribute.expr.value if attribute is not None and isinstance(attribute.expr, ast.Lit) else None
            if attribute is not None and not isinstance(version, str):
                failed = NotFetched("not fetched: its version is not a literal string", True)
            else:
                got = self.modules.fetch(source, version)
                if not isinstance(got, NotFetched):
                    return got.directory, got.display
                failed = got
        if failed is not None and failed.blocking:  # the source's own fault: no copy in the tree stands in for it
            self.out.errors.append(InputError(declared.file, declared.block.line, f"module.{name} source {source}: {failed.message}"))
            return None
        fetched = self.registry().get(".".join(_module_path(caller.prefix) + [name]))
        if fetched is not None:
            directory = (self.root_dir / fetched).resolve()
            if not directory.is_relative_to(self.scan_root):  # modules.json is in the tree: it names no path out
                self.out.errors.append(InputError(
                    declared.file, declared.block.line,
                    f"module.{name}: .terraform/modules/modules.json places it out of the scanned tree: not read (fail closed)",
                ))
                return None
            return directory, self.display
        if failed is not None:
            self.notice(f"remote module {source} (module.{name} at {where}) is {failed.message}")
        else:
            self.notice(f"remote module {source} (module.{name} at {where}) is not fetched: run `terraform init` to scan it")
        return None

    def registry(self) -> dict[str, str]:
        """Modules fetched by ``terraform init`` (``.terraform/modules/modules.json``): key -> directory."""
        if self._registry is None:
            self._registry = {}
            manifest = self.root_dir / ".terraform" / "modules" / "modules.json"
            try:
                for entry in json.loads(manifest.read_text(encoding="utf-8")).get("Modules", []):
                    if entry.get("Key") and entry.get("Dir"):
                        self._registry[entry["Key"]] = entry["Dir"]
            except (OSError, ValueError, AttributeError):
                pass
        return self._registry

    def workspace(self) -> Any:
        """``terraform.workspace``: the workspace the pipeline selects, which the files do not say. The gate
        knows it only from ``TF_WORKSPACE`` in its own environment (Terraform selects the workspace from it:
        https://developer.hashicorp.com/terraform/cli/config/environment-variables#tf_workspace); otherwise it
        is known only when deploying, never assumed to be "default"."""
        selected = self.environ.get("TF_WORKSPACE")
        if selected:
            return selected
        return Unknown(reason="terraform.workspace is the workspace selected when deploying", origin=Origin.DEPLOY)

    def notice(self, message: str) -> None:
        if message not in self._noticed:
            self._noticed.add(message)
            self.out.notices.append(message)

    def root_variables(self, source: ModuleSource, var_files: list[Path], environ: dict[str, str]) -> dict[str, ast.Expr]:
        """Variable values by Terraform's precedence: environment, terraform.tfvars(.json), *.auto.tfvars, -var-file."""
        values: dict[str, ast.Expr] = {}
        for key, raw in environ.items():
            if key.startswith("TF_VAR_"):
                values[key[len("TF_VAR_"):]] = env_value(raw)
        directory = source.directory
        files = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
        files += sorted(p for p in directory.glob("*.auto.tfvars*") if p.name.endswith((".auto.tfvars", ".auto.tfvars.json")))
        found = [p for p in files if p.is_file()]
        for path in found:  # read by name from the tree: a link out of it is not read
            if path.is_symlink() and not path.resolve().is_relative_to(self.scan_root):
                self.out.errors.append(InputError(self.display(path), None, "symbolic link out of the scanned tree: not read (fail closed)"))
        found = [p for p in found if not p.is_symlink() or p.resolve().is_relative_to(self.scan_root)]
        for path in found + list(var_files):
            try:
                read = read_var_file(path, self.display(path))
            except InputError as exc:
                self.out.errors.append(exc)
                continue
            values.update(read)
            for name in read:
                self.assigned_from.setdefault(name, set()).add(self.display(path))
        return values

    def load_root(self, var_files: list[Path], environ: dict[str, str], scope: str) -> None:
        """Evaluate the root and emit its resources; past a limit the root is an error naming where."""
        source = self.read_module(self.root_dir)
        self.sources.instantiated.add(source.directory.resolve())
        try:
            self._load_root(source, var_files, environ, scope)
        except Exception as exc:
            if not is_limit(exc):
                raise
            limit = exc if isinstance(exc, LimitError) else LimitError(str(exc) or type(exc).__name__)
            self.out.errors.append(limit.as_input_error(self.display(self.root_dir) or "."))

    def _load_root(self, source: ModuleSource, var_files: list[Path], environ: dict[str, str], scope: str) -> None:
        self.environ = environ
        root = ModuleInstance(self, source, "", {}, 0)
        evaluator = Evaluator(root)
        assigned = self.root_variables(source, var_files, environ)
        for name, declared in source.variables.items():
            body = declared.block.body
            with _located(declared.file, declared.block.line):
                if name in assigned:
                    value = evaluator.evaluate(assigned[name])
                elif "default" in body.attributes:
                    value = evaluator.evaluate(body.attributes["default"].expr)
                else:
                    continue
                root.variables[name] = declared_value(name, value, body, evaluator.evaluate, name in assigned)
        root.emit(self.out, scope)
        attach_origins(root, self.out.resources, self.assigned_from)
        attach_provider_versions(root, [r for r in self.out.resources if r.scope == scope])


def _module_path(prefix: str) -> list[str]:
    """``module.a.module.b[0].`` -> ``["a", "b"]`` (the key format of Terraform's modules.json)."""
    names = []
    parts = prefix.split(".")
    for i, part in enumerate(parts[:-1]):
        if part == "module" and i + 1 < len(parts):
            names.append(parts[i + 1].split("[")[0])
    return names


def load_terraform(
    root_dir: Path,
    scan_root: Path,
    display: Callable[[Path], str],
    var_files: list[Path] | None = None,
    environ: dict[str, str] | None = None,
    sources: SourceCache | None = None,
    modules: ModuleFetcher | None = None,
) -> LoadOutput:
    """Every resource of the root module in ``root_dir`` and of the modules it calls.

    Parse errors and notices of files read through a shared ``sources`` cache stay there (the caller reports
    them once); without one, they are in the output.
    """
    out = LoadOutput()
    cache = sources if sources is not None else SourceCache(scan_root=scan_root.resolve())
    loader = TerraformLoader(root_dir.resolve(), scan_root.resolve(), display, out, cache)
    loader.modules = modules
    scope = "terraform:" + display(root_dir)
    try:
        loader.load_root(var_files or [], dict(os.environ) if environ is None else environ, scope)
    except EvaluatorBug as bug:  # fail closed: the root is an error result that names where evaluation failed
        file, _, line = bug.where.rpartition(":") if bug.where else (display(root_dir), "", "")
        message = f"the gate failed while evaluating this ({bug}); this is a bug of the gate, reported so nothing passes unchecked"
        out.errors.append(InputError(file, int(line) if line.isdigit() else None, message))
    if sources is None:
        out.errors.extend(cache.errors())
        out.notices.extend(cache.notices())
    return out
