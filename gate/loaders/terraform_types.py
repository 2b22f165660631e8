"""A variable's ``type`` and ``nullable``: the value a module sees is its input converted to the type.

https://developer.hashicorp.com/terraform/language/expressions/type-constraints: Terraform converts a variable's
value (given, or its default) to the declared type: ``"5"`` becomes the number 5 for ``number``, ``5`` the
string "5" for ``string``, a tuple becomes a set for ``set(...)``; an object keeps only the declared
attributes, and an ``optional(type, default)`` attribute that is absent or null takes its default
(https://developer.hashicorp.com/terraform/language/expressions/type-constraints#optional-object-type-attributes).
A value that does not convert is Terraform's error: an evaluation gap here.

https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values: with
``nullable = false``, a null value is replaced by the variable's default (and is an error without one).
"""

from __future__ import annotations

from typing import Any

from gate.loaders import hcl_ast as ast
from gate.loaders.functions.base import FunctionError, number_text, to_bool, to_number
from gate.loaders.functions.conversion import as_set
from gate.values import Unknown, gap


class TypeMismatch(Exception):
    """The value does not convert to the type (Terraform rejects it)."""


def _name(expr: ast.Expr) -> str | None:
    if isinstance(expr, ast.Var):
        return expr.name
    if isinstance(expr, ast.Traverse) and isinstance(expr.base, ast.Var) and not expr.steps:
        return expr.base.name
    return None


def convert(value: Any, type_expr: ast.Expr, default: Any = None) -> Any:
    """``value`` converted to the type ``type_expr`` (an HCL type expression); raises :class:`TypeMismatch`.
    ``default`` evaluates an ``optional()`` default expression (given the expression)."""
    if isinstance(value, Unknown):
        return value
    name = _name(type_expr)
    if name in ("list", "set", "map"):  # the bare keyword is a collection of any: list(any)
        type_expr = ast.Call(name, [ast.Var("any")])
    elif name is not None:
        return _primitive(value, name)
    if not isinstance(type_expr, ast.Call) or not type_expr.args:
        raise TypeMismatch("not a type expression the gate reads")
    kind, argument = type_expr.name, type_expr.args[0]
    if value is None:
        return None
    if kind in ("list", "set"):
        if not isinstance(value, list):
            raise TypeMismatch(f"a {kind} is required")
        items = [convert(item, argument, default) for item in value]
        if kind == "list" or any(isinstance(item, Unknown) for item in items):
            return items
        try:
            return as_set(items)
        except FunctionError as exc:
            raise TypeMismatch(str(exc)) from None
    if kind == "map":
        if not isinstance(value, dict):
            raise TypeMismatch("a map is required")
        return {key: convert(item, argument, default) for key, item in value.items()}
    if kind == "tuple" and isinstance(argument, ast.TupleX):
        if not isinstance(value, list) or len(value) != len(argument.items):
            raise TypeMismatch(f"a tuple of {len(argument.items)} elements is required")
        return [convert(item, element, default) for item, element in zip(value, argument.items, strict=True)]
    if kind == "object" and isinstance(argument, ast.ObjectX):
        return _object(value, argument, default)
    raise TypeMismatch(f"{kind}(...) is not a type expression the gate reads")


def _object(value: Any, attributes: ast.ObjectX, default: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeMismatch("an object is required")
    out: dict[str, Any] = {}
    for key_expr, attribute_type in attributes.items:
        key = key_expr.value if isinstance(key_expr, ast.Lit) else _name(key_expr)
        if not isinstance(key, str):
            raise TypeMismatch("an attribute name that is not a name")
        optional = isinstance(attribute_type, ast.Call) and attribute_type.name == "optional" and attribute_type.args
        inner = attribute_type.args[0] if optional else attribute_type  # type: ignore[union-attr]
        given = value.get(key)
        if given is None and optional:
            fallback = attribute_type.args[1:] if optional else []  # type: ignore[union-attr]
            given = default(fallback[0]) if fallback and default is not None else None
        elif key not in value:
            raise TypeMismatch(f"attribute {key!r} is required")
        out[key] = convert(given, inner, default)
    return out


def _primitive(value: Any, name: str) -> Any:
    if name == "any" or value is None:
        return value
    if isinstance(value, (list, dict)):
        raise TypeMismatch(f"a {name} is required")
    try:
        if name == "string":
            if isinstance(value, bool):
                return "true" if value else "false"
            return value if isinstance(value, str) else number_text(value)
        if name == "number":
            if isinstance(value, bool):
                raise TypeMismatch("a bool is not a number")
            return to_number(value)
        if name == "bool":
            return to_bool(value)
    except FunctionError as exc:
        raise TypeMismatch(str(exc)) from None
    raise TypeMismatch(f"{name} is not a type")


def declared_value(name: str, value: Any, declared: ast.Body, evaluate: Any, given: bool) -> Any:
    """The value of variable ``name`` inside its module: ``value`` (given, or its default when ``given`` is
    False), null replaced by the default when the variable is not nullable, converted to its type."""
    attributes = declared.attributes
    nullable = attributes.get("nullable")
    if (
        value is None
        and given
        and nullable is not None
        and isinstance(nullable.expr, ast.Lit)
        and nullable.expr.value is False
    ):
        if "default" not in attributes:
            return gap(f"var.{name} is not nullable and has no default, but is given null")
        value = evaluate(attributes["default"].expr)
    if "type" not in attributes:
        return value
    try:
        return convert(value, attributes["type"].expr, evaluate)
    except TypeMismatch as exc:
        return gap(f"the value of var.{name} does not convert to its type{_detail(exc)}")


def _detail(exc: TypeMismatch) -> str:
    """What did not convert, without quoting the value (it may be sensitive)."""
    text = str(exc)
    return "" if "'" in text or '"' in text else f" ({text})"
