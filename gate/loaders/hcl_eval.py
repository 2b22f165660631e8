"""Evaluation of HCL expressions against what a module knows: variables, locals, resources, module outputs.

Anything that cannot be known before apply evaluates to :class:`Unknown` with its origin. What the gate cannot
compute although Terraform could (a function it lacks, an unsupported construct, nesting past ``MAX_DEPTH``, an
expression Terraform itself rejects) is an evaluation gap (``Origin.GAP``). A crash of the gate's own code is
neither: it leaves ``evaluate`` as :class:`EvaluatorBug`, and the loader turns it into an error result.
References to resources are collected as they are met, so relations between resources can be followed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gate.loaders import hcl_ast as ast
from gate.loaders.functions.base import MAX_STRING, check_length, number_text
from gate.loaders.gotext import nfc
from gate.loaders.hcl_access import EvalError, index, iteration_pairs, map_key
from gate.loaders.hcl_functions import FILE_FUNCTIONS, FUNCTIONS, FunctionError, LimitExceeded, accepts
from gate.loaders.hcl_operators import ARITHMETIC, OperandError, as_bool, as_number, equal, logical
from gate.loaders.terraform_limits import is_limit
from gate.values import CONCRETE, Unknown, gap, piece_of, text_unknown, unknown_of

if TYPE_CHECKING:
    from gate.loaders.hcl_scope import Scope

MAX_DEPTH = 60
_BUILDS = (ast.Template, ast.Call)
MAX_TEMPLATE_STEPS = 100_000  # repetitions of %{for} bodies in one evaluation, nested loops included
_TEMPLATE_STEPS = "%template-steps"  # not an identifier: the shared count of %{for} repetitions, among names


class EvaluatorBug(Exception):
    """The gate's own code failed while evaluating (an AttributeError, a KeyError...): never an unknown.

    ``where`` (``file:line``) is set by the innermost loader step that knows where the expression is written.
    """

    def __init__(self, error: BaseException, where: str = "") -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.error = error
        self.where = where


# What ``try`` and ``can`` catch: an expression Terraform would reject (a function's ValueError on bad data,
# a bad CIDR, is turned into EvalError where the function is called). Anything else is the gate's own bug.
_REJECTED = (EvalError, FunctionError)


# Put into an evaluator's ``refs`` when the expression reads a sensitive value (a ``sensitive = true``
# variable or output, or a local, output, module input or attribute computed from one): the loader marks the
# attribute sensitive (Resource.sensitive), so its value is never shown, and an error never quotes it.
SENSITIVE_REF = "\x00sensitive"


class Evaluator:
    """Evaluates expressions in one scope (a module instance), with extra names (``each``, ``count``, iterators)."""

    def __init__(self, scope: Scope, names: dict[str, Any] | None = None) -> None:
        self.scope = scope
        self.names = names or {}
        self.refs: set[str] = set()
        self.depth = 0

    def child(self, **names: Any) -> Evaluator:
        ev = type(self)(self.scope, {**self.names, **names})
        ev.refs = self.refs
        ev.depth = self.depth
        return ev

    def evaluate(self, expr: ast.Expr) -> Any:
        """The value of ``expr``: an evaluation gap when Terraform would reject it or the gate cannot compute it.

        Raises :class:`EvaluatorBug` when the gate's own code fails.
        """
        try:
            return self.eval(expr)
        except EvaluatorBug:
            raise
        except (EvalError, FunctionError) as exc:
            if is_limit(exc):  # a bound passed is an error of the whole root, never an unknown
                raise
            refs = frozenset(self.refs - {SENSITIVE_REF})
            if SENSITIVE_REF in self.refs:  # the message would quote the value
                return gap("this expression (on a sensitive value)", refs)
            return gap(f"this expression ({exc})", refs)
        except Exception as exc:  # noqa: BLE001 - any other failure is the gate's, reported as an error result
            if is_limit(exc):
                raise
            raise EvaluatorBug(exc) from exc

    def eval(self, expr: ast.Expr) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise EvalError("expression nested too deeply")
            method = _DISPATCH[type(expr)]
            result = method(self, expr)
            if type(expr) in _BUILDS:  # what templates and functions build counts against the root's bounds
                self.scope.budget.built(result)
            return result
        finally:
            self.depth -= 1

    # --- literals and structures ---------------------------------------------------------------------------
    def _lit(self, expr: ast.Lit) -> Any:
        return expr.value

    def _template(self, expr: ast.Template) -> Any:
        out: list[str] = []
        unknown: list[Any] = []
        pending = False
        for part in expr.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = self.eval(part)
            if isinstance(value, Unknown):
                unknown.append(value)
                pending = pending or isinstance(value.partial, (dict, list))
                out.append(piece_of(value))
            elif value is None:
                raise EvalError("null in a string template")
            elif isinstance(value, bool):
                out.append("true" if value else "false")
            elif isinstance(value, (str, int, float)):
                out.append(value if isinstance(value, str) else number_text(value))
            else:
                raise EvalError("a structure in a string template")
        if unknown:
            return unknown_of(*unknown) if pending else text_unknown("".join(out), unknown)
        return check_length(nfc("".join(out)), "string template")

    def _template_if(self, expr: ast.TemplateIf) -> Any:
        test = self.eval(expr.test)
        if isinstance(test, Unknown):
            return unknown_of(test)
        return self.eval(expr.then if self._bool(test, "the condition of %{if}") else expr.other)

    def _template_for(self, expr: ast.TemplateFor) -> Any:
        """Each element's body, joined; a map's elements in the order of their keys, as Terraform iterates."""
        collection = self.eval(expr.collection)
        if isinstance(collection, Unknown):
            return unknown_of(collection)
        pairs = iteration_pairs(collection, "%{for}")
        steps = self.names.get(_TEMPLATE_STEPS) or [0]
        pieces: list[Any] = []
        size = 0
        for key, value in pairs:
            steps[0] += 1
            if steps[0] > MAX_TEMPLATE_STEPS:
                raise LimitExceeded(f"%{{for}} directives repeat more than {MAX_TEMPLATE_STEPS} times")
            names = {expr.value_var: value, _TEMPLATE_STEPS: steps}
            if expr.key_var:
                names[expr.key_var] = key
            piece = self.child(**names).eval(expr.body)
            size += len(piece) if isinstance(piece, str) else 0
            if size > MAX_STRING:
                raise LimitExceeded(f"%{{for}} directive builds a string longer than {MAX_STRING} characters")
            pieces.append(piece)
        return self._template(ast.Template([ast.Lit(piece) for piece in pieces]))

    def _tuple(self, expr: ast.TupleX) -> Any:
        return [self.eval(item) for item in expr.items]

    def _object(self, expr: ast.ObjectX) -> Any:
        result: dict[str, Any] = {}
        for key_expr, value_expr in expr.items:
            key = self.eval(key_expr)
            if isinstance(key, Unknown):
                return unknown_of(key)
            result[map_key(key)] = self.eval(value_expr)
        return result

    def _opaque(self, expr: ast.Opaque) -> Any:
        return gap(f"{expr.reason} is not evaluated by the gate")

    # --- operators -----------------------------------------------------------------------------------------
    def _unary(self, expr: ast.Unary) -> Any:
        value = self.eval(expr.operand)
        if isinstance(value, Unknown):
            return unknown_of(value)
        if expr.op == "!":
            return not self._bool(value, "!")
        return -self._number(value)

    def _binary(self, expr: ast.Binary) -> Any:
        op = expr.op
        left = self.eval(expr.left)
        if op in ("&&", "||"):
            if not isinstance(left, Unknown) and self._bool(left, op) is (op == "||"):  # false && x, true || x
                return op == "||"
            return self._operands(logical, op, left, self.eval(expr.right))
        right = self.eval(expr.right)
        if op in ("==", "!="):  # equal() decides what an unknown operand still allows (an identifier is never "")
            same = equal(left, right)
            return same if isinstance(same, Unknown) or op == "==" else not same
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return unknown_of(left, right)
        if op not in ARITHMETIC:
            raise EvalError(f"unknown operator {op}")
        try:
            return ARITHMETIC[op](self._number(left), self._number(right))
        except ArithmeticError as exc:
            raise EvalError(f"{op}: {exc}") from None

    @staticmethod
    def _operands(fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except OperandError as exc:
            raise EvalError(str(exc)) from None

    def _bool(self, value: Any, what: str) -> bool:
        return self._operands(as_bool, value, what)  # type: ignore[no-any-return]

    def _number(self, value: Any) -> Any:
        return self._operands(as_number, value)

    def _cond(self, expr: ast.Cond) -> Any:
        test = self.eval(expr.test)
        if isinstance(test, Unknown):
            then, other = self.eval(expr.then), self.eval(expr.other)
            if not isinstance(then, Unknown) and equal(then, other) is True:
                return then
            return unknown_of(test, then, other)
        return self.eval(expr.then) if self._bool(test, "the condition of ? :") else self.eval(expr.other)

    # --- functions -----------------------------------------------------------------------------------------
    def _call(self, expr: ast.Call) -> Any:
        name = expr.name
        if name == "try":
            for arg in expr.args:
                try:
                    value = self.eval(arg)
                except _REJECTED as exc:
                    if is_limit(exc):
                        raise
                    continue
                return value
            raise EvalError("try: no argument could be evaluated")
        if name == "can":
            if len(expr.args) != 1:
                raise EvalError("can takes one argument")
            try:
                value = self.eval(expr.args[0])
            except _REJECTED as exc:
                if is_limit(exc):
                    raise
                return False
            return unknown_of(value) if isinstance(value, Unknown) else True
        if name in FILE_FUNCTIONS:
            try:
                return FILE_FUNCTIONS[name](self, [self.eval(a) for a in expr.args])
            except LimitExceeded:
                raise
            except FunctionError as exc:
                raise EvalError(f"{name}: {exc}") from None
        fn = FUNCTIONS.get(name)
        args = [self.eval(a) for a in expr.args]
        if expr.expand and args:  # f(list...): the list's elements are the last arguments
            if isinstance(args[-1], Unknown):
                return unknown_of(args[-1])
            if not isinstance(args[-1], list):
                raise EvalError(f"{name}: only a list or set can be expanded into arguments")
            args = [*args[:-1], *args[-1]]
        if fn is None:  # a function the gate lacks: whatever its arguments, Terraform computes it and the gate cannot
            return gap(f"function {name}() is not evaluated by the gate", frozenset(self.refs))
        if name != "coalesce" and any(isinstance(a, Unknown) for a in args):
            return unknown_of(*args)
        if not accepts(fn, len(args)):
            raise EvalError(f"{name}() does not take {len(args)} argument{'s' if len(args) != 1 else ''}")
        try:
            return fn(*args)
        except (FunctionError, ValueError, ArithmeticError) as exc:  # arguments Terraform would reject
            if is_limit(exc):
                raise
            raise EvalError(f"{name}: {exc}") from None

    # --- comprehensions ------------------------------------------------------------------------------------
    def _for(self, expr: ast.ForX) -> Any:
        collection = self.eval(expr.collection)
        if isinstance(collection, Unknown):
            return unknown_of(collection)
        pairs = iteration_pairs(collection, "a for expression")
        self.scope.budget.step(len(pairs))
        as_object = expr.key is not None
        result_list: list[Any] = []
        result_map: dict[str, Any] = {}
        for key, value in pairs:
            names = {expr.value_var: value}
            if expr.key_var:
                names[expr.key_var] = key
            ev = self.child(**names)
            if expr.condition is not None:
                keep = ev.eval(expr.condition)
                if isinstance(keep, Unknown):
                    return unknown_of(keep)
                if not self._bool(keep, "the if clause of a for expression"):
                    continue
            if not as_object:
                result_list.append(ev.eval(expr.value))
                continue
            assert expr.key is not None
            out_key = ev.eval(expr.key)
            if isinstance(out_key, Unknown):
                return unknown_of(out_key)
            out_value = ev.eval(expr.value)
            name = map_key(out_key)
            if expr.group:
                result_map.setdefault(name, []).append(out_value)
            elif name in result_map:  # Terraform: "Duplicate object key" (grouping with ... is how to keep both)
                raise EvalError(f"duplicate object key {name!r} in a for expression")
            else:
                result_map[name] = out_value
        return result_map if as_object else result_list

    # --- references ----------------------------------------------------------------------------------------
    def _var(self, expr: ast.Var) -> Any:
        return self._traverse(ast.Traverse(expr, []))

    def _traverse(self, expr: ast.Traverse) -> Any:
        steps = expr.steps
        if isinstance(expr.base, ast.Var):
            value, used = self.root(expr.base.name, steps)
        else:
            value, used = self.eval(expr.base), 0
        return self.apply(value, steps[used:])

    def root(self, name: str, steps: list[ast.Step]) -> tuple[Any, int]:
        """Resolve a reference's root and the steps it consumes: ``var.x`` takes one, ``aws_x.y`` takes one."""
        if name in self.names:
            return self.names[name], 0
        return self.scope.resolve(self, name, steps)

    def key_of(self, step: ast.Step) -> Any:
        if isinstance(step, ast.GetAttr):
            return step.name
        if isinstance(step, ast.Index):
            return self.eval(step.key)
        raise EvalError("a splat where a key was expected")

    def apply(self, value: Any, steps: list[ast.Step]) -> Any:
        for i, step in enumerate(steps):
            if isinstance(value, Unknown):
                # a part of an identifier, the partition or the account is no longer that identifier
                return unknown_of(value) if value.origin in CONCRETE else value
            if isinstance(step, ast.Splat):
                if value is None:
                    return []
                items = value if isinstance(value, list) else [value]
                return self.apply([self.apply(item, step.steps) for item in items], steps[i + 1 :])
            key = self.key_of(step)
            if isinstance(key, Unknown):
                return unknown_of(key)
            value = index(value, key)
        return value


_DISPATCH: dict[type, Callable[[Evaluator, Any], Any]] = {
    ast.Lit: Evaluator._lit,
    ast.Template: Evaluator._template,
    ast.TemplateIf: Evaluator._template_if,
    ast.TemplateFor: Evaluator._template_for,
    ast.TupleX: Evaluator._tuple,
    ast.ObjectX: Evaluator._object,
    ast.Opaque: Evaluator._opaque,
    ast.Unary: Evaluator._unary,
    ast.Binary: Evaluator._binary,
    ast.Cond: Evaluator._cond,
    ast.Call: Evaluator._call,
    ast.ForX: Evaluator._for,
    ast.Var: Evaluator._var,
    ast.Traverse: Evaluator._traverse,
}
