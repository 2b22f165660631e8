"""A template's ``Conditions``, evaluated before deploy: True, False, or None when only the deploy can tell
(a parameter without a value, a pseudo parameter). ``Fn::If`` and resources' ``Condition`` ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gate.loaders.cfn_values import UnknownTag, comparable
from gate.values import contains_unknown

if TYPE_CHECKING:
    from gate.loaders.cfn_intrinsics import Resolver


class Conditions:
    """The conditions of one template, each evaluated once, with the resolver's parameters and references."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.values: dict[str, bool | None] = {}
        self.evaluating: set[str] = set()

    def condition(self, name: str, line: int) -> bool | None:
        """The named condition: True, False, or None when only the deploy can tell."""
        if name in self.values:
            return self.values[name]
        if name in self.evaluating:
            self.resolver.error(line, f"condition {name!r} depends on itself")
            return None
        if name not in self.resolver.conditions:
            self.resolver.error(line, f"condition {name!r} is not declared in Conditions")
            return None
        self.evaluating.add(name)
        refs, secret = (
            self.resolver.refs,
            self.resolver.secret,
        )  # a condition's inputs are not part of the value it guards
        try:
            value = self._truth(
                self.resolver.conditions[name], getattr(self.resolver.conditions, "key_lines", {}).get(name, line)
            )
        finally:
            self.evaluating.discard(name)
            self.resolver.refs, self.resolver.secret = refs, secret
        self.values[name] = value
        return value

    def _truth(self, expression: Any, line: int) -> bool | None:
        line = getattr(expression, "line", 0) or line
        if isinstance(expression, UnknownTag):  # reported by the loader's scan
            return None
        if not (isinstance(expression, dict) and len(expression) == 1):
            self.resolver.error(line, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")
            return None
        ((function, argument),) = expression.items()
        if function == "Condition" and isinstance(argument, str):
            return self.condition(argument, line)
        if function == "Fn::Equals" and isinstance(argument, list) and len(argument) == 2:
            left, right = (self.resolver.resolve(item, line) for item in argument)
            if contains_unknown([left, right]):
                return None
            return bool(comparable(left) == comparable(right))
        if function in ("Fn::And", "Fn::Or", "Fn::Not") and isinstance(argument, list) and argument:
            values = [self._truth(item, line) for item in argument]
            if function == "Fn::Not":
                return None if len(values) != 1 or values[0] is None else not values[0]
            # the value that settles the outcome whatever the others are: any true for Or, any false for And
            decisive = bool(function == "Fn::Or")
            if decisive in values:
                return decisive
            return None if None in values else not decisive
        self.resolver.error(line, f"{function} is not a condition function or its arguments are malformed")
        return None
