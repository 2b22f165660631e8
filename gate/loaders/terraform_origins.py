"""Where a Terraform resource's values come from: the files whose change can change what it is.

A resource in a module reads ``var.cidr``; the caller's ``module`` block passes ``cidr = var.office``; the root
takes ``office`` from ``prod.auto.tfvars`` or from the default in ``variables.tf``; a policy document comes from
``file("policies/admin.json")``. Each of those files is an origin of the resource. ``gate scan FILE...`` (the pre-commit hook names the changed files) reports every
resource with a changed origin, not only those written in a changed file.

Origins are read from the expressions as written, following every name they use (``var.``, ``local.``, other
resources, ``module.X.output``) through the module instances the loader evaluated: every branch of a
conditional counts, so they are a superset of what evaluation used, never less.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gate.loaders import hcl_ast as ast
from gate.model import Resource

if TYPE_CHECKING:
    from gate.loaders.terraform_files import Declared
    from gate.loaders.terraform_hcl import ModuleInstance

Files = frozenset[str]
_BUSY: Files = frozenset()  # a value under computation: a reference cycle adds nothing more
# Terraform's functions that read a file of the configuration, by a path relative to the root module's directory
# (https://developer.hashicorp.com/terraform/language/functions/file, .../templatefile): the file is an origin.
FILE_FUNCTIONS = frozenset(
    {
        "file",
        "filebase64",
        "filebase64sha256",
        "filebase64sha512",
        "filemd5",
        "filesha1",
        "filesha256",
        "filesha512",
        "fileexists",
        "templatefile",
    }
)
_READS = "file()"  # the name under which names_in yields a call of one of them


class _Origins:
    """The origins of the names of one module instance."""

    def __init__(
        self, instance: ModuleInstance, parent: _Origins | None, call: Declared | None, assigned: dict[str, set[str]]
    ) -> None:
        self.instance = instance
        self.parent = parent
        self.call = call
        self.assigned = assigned  # root only: variable -> the variables files that set it
        self._memo: dict[tuple[str, str], Files] = {}
        self._children: dict[str, list[_Origins]] = {}
        # id(expression) -> (the expression, kept alive so that its id is not reused; the names it uses)
        self.names: dict[int, tuple[Any, list[tuple[str, list[Any]]]]] = parent.names if parent else {}

    def _memoised(self, key: tuple[str, str], compute: Any) -> Files:
        if key not in self._memo:
            self._memo[key] = _BUSY
            self._memo[key] = frozenset(compute())
        return self._memo[key]

    def variable(self, name: str) -> Files:
        def compute() -> set[str]:
            declared = self.instance.source.variables.get(name)
            files = {declared.file} if declared is not None else set()
            if self.parent is None:
                return files | self.assigned.get(name, set())
            assert self.call is not None
            argument = self.call.block.body.attributes.get(name)
            if argument is not None:
                files |= {self.call.file} | self.parent.expression(argument.expr)
            return files

        return self._memoised(("var", name), compute)

    def local(self, name: str) -> Files:
        def compute() -> set[str]:
            found = self.instance.source.locals.get(name)
            return {found[1]} | self.expression(found[0].expr) if found is not None else set()

        return self._memoised(("local", name), compute)

    def resource(self, key: str) -> Files:
        def compute() -> set[str]:
            declared = self.instance.source.resources.get(key)
            return {declared.file} | self.body(declared.block.body) if declared is not None else set()

        return self._memoised(("resource", key), compute)

    def output(self, module: str, name: str | None) -> Files:
        def compute() -> set[str]:
            files: set[str] = set()
            for child in self.children(module):
                outputs = child.instance.source.outputs
                chosen = list(outputs.values()) if name is None else [outputs[name]] if name in outputs else []
                for output in chosen:
                    files |= {output.file} | child.body(output.block.body)
            return files

        return self._memoised(("module", f"{module}.{name or '*'}"), compute)

    def children(self, module: str) -> list[_Origins]:
        if module not in self._children:
            declared = self.instance.source.modules.get(module)
            instances = self.instance.module_instances(module) if declared is not None else None
            self._children[module] = [_Origins(child, self, declared, {}) for child in (instances or {}).values()]
        return self._children[module]

    def body(self, body: ast.Body) -> set[str]:
        return self.expression(body)

    def expression(self, expr: Any) -> set[str]:
        """The origins of what ``expr`` (an expression or a block body) names. Its names are listed once per
        scan, however many module instances evaluate it."""
        found = self.names.get(id(expr))
        if found is None:
            found = self.names[id(expr)] = (expr, list(names_in(expr)))
        files: set[str] = set()
        for name, steps in found[1]:
            files |= self.name(name, steps)
        return files

    def name(self, name: str, steps: list[Any]) -> Files:
        if name == _READS:
            return self.read(steps[0])
        attributes = [s.name for s in steps if isinstance(s, ast.GetAttr)]
        first = steps[0].name if steps and isinstance(steps[0], ast.GetAttr) else None
        if name == "var" and first:
            return self.variable(first)
        if name == "local" and first:
            return self.local(first)
        if name == "module" and first:
            return self.output(first, attributes[1] if len(attributes) > 1 else None)
        if name == "data" and len(attributes) > 1 and first:
            return self.resource(f"data.{attributes[0]}.{attributes[1]}")
        if first and f"{name}.{first}" in self.instance.source.resources:
            return self.resource(f"{name}.{first}")
        return frozenset()

    def read(self, call: ast.Call) -> Files:
        """The file a ``file()``-like call reads, when its path is known without apply (``"${path.module}/x"``)."""
        from gate.loaders.hcl_eval import Evaluator

        loader = self.instance.loader
        path = Evaluator(self.instance).evaluate(call.args[0]) if call.args else None
        if not isinstance(path, str):
            return frozenset()
        target = (loader.root_dir / path).resolve()
        return frozenset({loader.display(target)}) if target.is_relative_to(loader.scan_root) else frozenset()

    def walk(self) -> Iterator[_Origins]:
        yield self
        for module in self.instance.source.modules:
            for child in self.children(module):
                yield from child.walk()


_LEAVES = (str, int, float, bool, type(None), ast.Lit)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _children(node: Any) -> tuple[str, ...]:
    """The field names of an expression node's class (any node: new kinds of expression are walked too)."""
    kind = type(node)
    names = _FIELDS.get(kind)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(node)) if dataclasses.is_dataclass(node) else ()
        _FIELDS[kind] = names
    return names


def names_in(expr: Any) -> Iterator[tuple[str, list[Any]]]:
    """Every name an expression refers to, with the steps that follow it (``var.a`` -> ``("var", [.a])``)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, _LEAVES):
            continue
        if isinstance(node, ast.Traverse) and isinstance(node.base, ast.Var):
            yield node.base.name, node.steps
            stack.extend(node.steps)
        elif isinstance(node, ast.Var):
            yield node.name, []
        elif isinstance(node, ast.Call):
            if node.name in FILE_FUNCTIONS:
                yield _READS, [node]
            stack.extend(node.args)
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        else:
            stack.extend(getattr(node, name) for name in _children(node))


def attach_origins(root: ModuleInstance, resources: list[Resource], assigned: dict[str, set[str]]) -> None:
    """Set ``origins`` on each of ``resources`` (the resources emitted from ``root`` and the modules it calls):
    the files its arguments read, the module blocks leading to it, and for the root's variables the variables
    files (``terraform.tfvars``, ``*.auto.tfvars``, ``-var-file``) that set them."""
    by_block: dict[str, Files] = {}
    for origins in _Origins(root, None, None, assigned).walk():
        prefix = origins.instance.prefix
        for key in origins.instance.source.resources:
            by_block[prefix + key] = origins.resource(key)
    for resource in resources:
        found = by_block.get(resource.block_address)
        if found is not None:
            calls = {call.file for call in resource.calls}
            resource.origins = frozenset((found | calls) - {resource.location.file})
