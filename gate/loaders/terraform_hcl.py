"""Terraform HCL: root modules with their variables, locals, local modules, count, for_each and dynamic blocks,
evaluated into resources with Terraform's own addresses (``module.web.aws_security_group.this[0]``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gate.loaders import hcl_ast as ast
from gate.loaders import terraform_calls as calls
from gate.loaders.base import LoadOutput
from gate.loaders.hcl_access import EvalError, iteration_pairs
from gate.loaders.hcl_eval import SENSITIVE_REF, Evaluator
from gate.loaders.hcl_origins import attribute_origin, known_identifier
from gate.loaders.iam_document import render_policy_document
from gate.loaders.provisioners import PROVISIONER, provisioner_entry
from gate.loaders.terraform_calls import (
    IN_PROGRESS,
    UNKNOWN_KEY,
    counted,
    instance_suffix,
    located_step,
)
from gate.loaders.terraform_files import Declared, ModuleSource
from gate.loaders.terraform_limits import Budget, check_instances
from gate.loaders.terraform_provider_configs import DEPLOYING, block_provider
from gate.model import Location
from gate.values import Origin, Unknown, gap, unknown_of, unknowns_in

if TYPE_CHECKING:
    from gate.loaders.terraform_loader import TerraformLoader

META_ATTRIBUTES = {"count", "for_each", "depends_on", "provider", "providers"}
META_BLOCKS = {"lifecycle", "provisioner", "connection"}

# Attributes computed from a data source's own arguments: (type, attribute) -> renderer.
COMPUTED: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("aws_iam_policy_document", "json"): render_policy_document,
    ("aws_iam_policy_document", "minified_json"): render_policy_document,
    # The id of aws_arn is the ARN it parses (an echo of its input, maybe another account's ARN): never an
    # identifier of this configuration's own object. https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/arn
    ("aws_arn", "id"): lambda values: values.get("arn", gap("data.aws_arn without arn: Terraform rejects it")),
}


class ModuleInstance:
    """One instance of a module: its variables bound, its locals, resources and outputs evaluated on demand."""

    def __init__(
        self, loader: TerraformLoader, source: ModuleSource, prefix: str, variables: dict[str, Any], depth: int
    ) -> None:
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
        # The caller and its call's ``providers`` map (None: absent): gate.loaders.terraform_provider_configs.
        self.provider_call: tuple[ModuleInstance, dict[str, str] | None] | None = None
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
            return gap(f"local.{name} refers to itself") if value is IN_PROGRESS else value
        if name not in self.source.locals:
            raise EvalError(f"local.{name} is not declared")
        self._locals[name] = IN_PROGRESS
        attribute, file = self.source.locals[name]
        with located_step(file, attribute.line):
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
        with located_step(declared.file, declared.block.line):
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
            return {} if found is IN_PROGRESS else dict(found)
        self._values[memo] = IN_PROGRESS
        declared = self.source.resources[key]
        with located_step(declared.file, declared.block.line):
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
            if steps and isinstance(steps[0], ast.Splat) and counted(instances):
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
                missing = (
                    unknown_of(instance)
                    if isinstance(instance, Unknown)
                    else gap(f"{address} has no instance {instance!r}")
                )
                missing.refs |= {address}
                return missing, len(steps)
            address += instance_suffix(instance)
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
        other_provider = block_provider(self, self.source.resources[key].block) != DEPLOYING
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
            return Unknown(
                frozenset({instance.prefix.rstrip(".")}), reason="a module as a whole", origin=Origin.DERIVED
            )
        if f"output.{steps[0].name}" in instance.sensitive:
            ev.refs.add(SENSITIVE_REF)
        return ev.apply(instance.output(steps[0].name), steps[1:])

    def body_values(
        self, body: ast.Body, ev: Evaluator, refs: dict[str, set[str]], top: bool, name: str = ""
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for attr_name, attribute in body.attributes.items():
            if top and attr_name in META_ATTRIBUTES:
                continue
            sink = ev.child()
            sink.refs = set()
            out[attr_name] = sink.evaluate(attribute.expr)
            refs.setdefault(name or attr_name, set()).update(
                sink.refs, (r for u in unknowns_in(out[attr_name]) for r in u.refs)
            )
        for block in body.blocks:
            if top and block.type == PROVISIONER:  # kept: it runs commands no plan shows (gate.loaders.provisioners)
                out.setdefault(PROVISIONER, []).append(provisioner_entry(list(block.labels)))
                continue
            if top and block.type in META_BLOCKS:
                continue
            if block.type == "dynamic" and block.labels:
                self.dynamic(block, ev, refs, out, name)
                continue
            out.setdefault(block.type, []).append(self.body_values(block.body, ev, refs, False, name or block.type))
        return out

    def dynamic(
        self, block: ast.Block, ev: Evaluator, refs: dict[str, set[str]], out: dict[str, Any], name: str
    ) -> None:
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
            failed = gap(f'the for_each of dynamic "{label}" is not a collection')
            pairs = [(failed, failed)]
        self.loader.budget.step(len(pairs))
        for key, value in pairs:
            child = ev.child(**{iterator: {"key": key, "value": value}})
            out.setdefault(label, []).append(self.body_values(content.body, child, refs, False, name or label))

    # --- module calls and emission (gate.loaders.terraform_calls) ---------------------------------------------
    def module_instances(self, name: str) -> dict[Any, ModuleInstance] | None:
        return calls.module_instances(self, name)

    def argument(self, variable: str) -> Location | None:
        return calls.argument(self, variable)

    def module_reference(self, ev: Evaluator, name: str, steps: list[ast.Step]) -> tuple[Any, int]:
        return calls.module_reference(self, ev, name, steps)

    def output(self, name: str) -> Any:
        return calls.output(self, name)

    def emit(self, out: LoadOutput, scope: str) -> None:
        return calls.emit(self, out, scope)


def _marked_sensitive(declared: Declared) -> bool:
    """``sensitive = true`` on a variable or output (https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output)."""
    expr = declared.block.body.attributes.get("sensitive")
    return expr is not None and isinstance(expr.expr, ast.Lit) and expr.expr.value is True


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
