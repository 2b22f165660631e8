"""The condition language of policies: a closed set of pure operators, compiled once per policy.

A condition says when a resource *complies*. Forms (``docs/policy-format.md`` documents each):

- ``{all: [C, ...]}``, ``{any: [C, ...]}``, ``{not: C}``
- ``{attr: PATH, OP: ARG}`` with OP one of ``exists``, ``equals``, ``in``, ``matches``, ``contains``,
  ``gt``, ``gte``, ``lt``, ``lte``
- ``{some: PATH, where: C}``, ``{every: PATH, where: C}``, ``{none: PATH, where: C}`` over list elements
- ``{related: {types: [...], via: ATTR, key: ATTR}, where: C}``: some resource attached to this one satisfies C
- ``{scope_has: {types: [...]}, where: C}``: some resource of those types in the same configuration satisfies C
- ``{attr: PATH, foreign_account: true}``: a value names an AWS account outside ``approved_accounts``
- ``{helper: NAME, ...}``: a named helper written in Python (``gate.engine.helpers``)

Evaluation is three-valued (Kleene): a value known only after apply makes an operator unknown, never silently
true or false; an attribute *set* to such a value still ``exists``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from gate.engine.compare import as_number, loose_equals, partition_variants
from gate.engine.context import Condition, Context
from gate.engine.outcome import Clue, Outcome, all_of, any_of, negate
from gate.engine.paths import resolve, split_path
from gate.engine.relations import ForeignAccount, Related, ScopeHas
from gate.errors import PolicyError
from gate.values import MARKS, Unknown, known_text, readable, variants


@dataclass(slots=True)
class All:
    children: list[Condition]

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        return all_of(c.evaluate(ctx, node, prefix) for c in self.children)


@dataclass(slots=True)
class AnyOf:
    children: list[Condition]

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        return any_of(c.evaluate(ctx, node, prefix) for c in self.children)


@dataclass(slots=True)
class Not:
    child: Condition

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        return negate(self.child.evaluate(ctx, node, prefix))


def _is_set(value: Any) -> bool:
    return value is not None and value != [] and value != {} and value != ""


@dataclass(slots=True)
class Exists:
    parts: tuple[str, ...]
    path: str
    wanted: bool

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        found = [(p, v) for p, v in resolve(node, self.parts, prefix) if _is_set(v)]
        if found:
            outcome = Outcome(True, [Clue(found[0][0], found[0][1])])
        else:
            outcome = Outcome(False, [Clue(_path(prefix, self.path), absent=True)])
        return outcome if self.wanted else negate(outcome)


@dataclass(slots=True)
class Compare:
    """A test of each value the path reaches (and of each element of a list value): any match holds."""

    parts: tuple[str, ...]
    path: str
    test: Callable[[Any], bool]
    # For ``matches``: a partly known string matches when the pattern matches its known text alone, and does not
    # when it matches for no value of its marks (gate.engine.mark_patterns); None: undecided.
    on_text: Callable[[str], bool | None] | None = None

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        found = resolve(node, self.parts, prefix)
        if not found:
            return Outcome(False, [Clue(_path(prefix, self.path), absent=True)])
        return any_of(self._one(where, value) for where, value in found)

    def _one(self, where: str, value: Any) -> Outcome:
        if isinstance(value, Unknown):
            text = known_text(value)
            verdicts = {self.test(v) for v in partition_variants(value)}  # decided when every partition agrees
            if len(verdicts) == 1:
                return Outcome(verdicts.pop(), [Clue(where, readable(text or ""))])
            # never from a value the gate could not compute (a gap): its known part may not be what Terraform makes
            verdict = self.on_text(text) if text is not None and self.on_text is not None and not value.gap else None
            if text is not None and verdict is not None:
                return Outcome(verdict, [Clue(where, readable(text))])
            return Outcome(None, [Clue(where, value)])
        if value is None:
            return Outcome(False, [Clue(where, absent=True)])
        if isinstance(value, list) and value and not isinstance(value[0], (dict, list)):
            return any_of(self._one(f"{where}[{i}]", item) for i, item in enumerate(value))
        return Outcome(self.test(value), [Clue(where, value)])


@dataclass(slots=True)
class Contains:
    parts: tuple[str, ...]
    path: str
    item: Any

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        found = resolve(node, self.parts, prefix)
        if not found:
            return Outcome(False, [Clue(_path(prefix, self.path), absent=True)])
        outcomes = []
        for where, value in found:
            if isinstance(value, Unknown):
                outcomes.append(Outcome(None, [Clue(where, value)]))
            elif isinstance(value, str):
                outcomes.append(Outcome(str(self.item) in value, [Clue(where, value)]))
            elif isinstance(value, list):
                hit = any(loose_equals(v, self.item) for v in value if not isinstance(v, Unknown))
                unsure = not hit and any(isinstance(v, Unknown) for v in value)
                outcomes.append(Outcome(None if unsure else hit, [Clue(where, value)]))
            else:
                outcomes.append(Outcome(False, [Clue(where, value)]))
        return any_of(outcomes)


@dataclass(slots=True)
class Quantified:
    kind: str  # some, every, none
    parts: tuple[str, ...]
    path: str
    where: Condition | None

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        elements: list[tuple[str, Any]] = []
        for where, value in resolve(node, self.parts, prefix):
            if isinstance(value, list):
                elements.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
            elif value is not None:
                elements.append((where, value))
        unknown = next(((w, v) for w, v in elements if isinstance(v, Unknown) and v.partial is None), None)
        if unknown is not None:
            return Outcome(None, [Clue(unknown[0], unknown[1])])
        checks = (self._check(ctx, value, where) for where, value in elements)
        if self.kind == "some":
            outcome = any_of(checks)
        elif self.kind == "every":
            outcome = all_of(checks)
        else:
            outcome = negate(any_of(checks))
        if not elements and not outcome.clues:
            outcome.clues = [Clue(_path(prefix, self.path), absent=True)]
        return outcome

    def _check(self, ctx: Context, value: Any, where: str) -> Outcome:
        if self.where is None:
            return Outcome(True, [Clue(where, note=f"{where} is set")])
        return self.where.evaluate(ctx, value, where)


def _path(prefix: str, path: str) -> str:
    return f"{prefix}.{path}" if prefix else path


_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


# The tests of leaf operators are partials of module functions, not closures, so that compiled policies can be
# pickled into the cache (gate.policies).
def _equals(expected: Any, value: Any) -> bool:
    return loose_equals(value, expected)


def _is_in(choices: list[Any], value: Any) -> bool:
    return any(loose_equals(value, choice) for choice in choices)


def _matches(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, (str, int)) and bool(pattern.search(str(value)))


def _known_text_matches(pattern: re.Pattern[str], text: str) -> bool:
    """The pattern matches the known parts of ``text`` alone, whatever partition its partition marks stand for."""
    for variant in variants(text):
        match = pattern.search(variant)
        if match is None or any(mark in match.group(0) for mark in MARKS):
            return False
    return True


def _numeric(compare: Callable[[float, float], bool], bound: float, value: Any) -> bool:
    number = as_number(value)
    return number is not None and compare(number, bound)


def _equals_test(expected: Any) -> Callable[[Any], bool]:
    return partial(_equals, expected)


def _in_test(choices: list[Any]) -> Callable[[Any], bool]:
    return partial(_is_in, choices)


def _matches_test(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return partial(_matches, pattern)


def _known_text_match(pattern: re.Pattern[str]) -> Callable[[str], bool | None]:
    return partial(_known_text_verdict, pattern)


def _known_text_verdict(pattern: re.Pattern[str], text: str) -> bool | None:
    if _known_text_matches(pattern, text):
        return True
    from gate.engine.mark_patterns import never_matches  # parses the pattern: only for partly known strings

    return False if never_matches(pattern, text) else None


def _numeric_test(compare: Callable[[float, float], bool], bound: float) -> Callable[[Any], bool]:
    return partial(_numeric, compare, bound)


LEAF_OPERATORS = ("exists", "equals", "in", "matches", "contains", "foreign_account", *_NUMERIC)
QUANTIFIERS = ("some", "every", "none")


class Compiler:
    """Turns the raw condition data of one policy file into Condition objects, or a PolicyError with its line."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, raw: Any, message: str) -> PolicyError:
        return PolicyError(self.file, getattr(raw, "line", None), message)

    def compile(self, raw: Any) -> Condition:
        if not isinstance(raw, dict) or not raw:
            raise self.fail(raw, f"a condition must be a mapping, not {raw!r}")
        keys = set(raw)
        if keys & {"all", "any"}:
            (op,) = self._only(raw, keys, {"all", "any"})
            items = raw[op]
            if not isinstance(items, list) or not items:
                raise self.fail(raw, f"'{op}' takes a non-empty list of conditions")
            children = [self.compile(item) for item in items]
            return All(children) if op == "all" else AnyOf(children)
        if "not" in keys:
            self._only(raw, keys, {"not"})
            return Not(self.compile(raw["not"]))
        if keys & set(QUANTIFIERS):
            (op,) = self._only(raw, keys, set(QUANTIFIERS), optional={"where"})
            path = self._path(raw, raw[op], op)
            where = self.compile(raw["where"]) if "where" in raw else None
            return Quantified(op, split_path(path), path, where)
        if "related" in keys:
            self._only(raw, keys, {"related"}, optional={"where"})
            return self._related(raw)
        if "scope_has" in keys:
            self._only(raw, keys, {"scope_has"}, optional={"where"})
            spec = raw["scope_has"]
            if not isinstance(spec, dict) or set(spec) != {"types"} or not isinstance(spec["types"], list):
                raise self.fail(raw, "'scope_has' takes {types: [...]}")
            return ScopeHas([str(t) for t in spec["types"]], self.compile(raw["where"]) if "where" in raw else None)
        if "helper" in keys:
            from gate.engine.helpers import compile_helper

            return compile_helper(self, raw)
        if "attr" in keys:
            return self._leaf(raw)
        raise self.fail(raw, f"unknown operator {sorted(keys)[0]!r}")

    def _only(
        self, raw: Any, keys: set[str], ops: set[str], optional: frozenset[str] | set[str] = frozenset()
    ) -> list[str]:
        present = sorted(keys & ops)
        extra = sorted(keys - ops - set(optional))
        if len(present) != 1 or extra:
            raise self.fail(raw, f"'{present[0]}' cannot be combined with {', '.join(map(repr, present[1:] + extra))}")
        return present

    def _path(self, raw: Any, value: Any, key: str) -> str:
        if not isinstance(value, str) or not split_path(value):
            raise self.fail(raw, f"'{key}' takes an attribute path, not {value!r}")
        return value

    def _leaf(self, raw: Any) -> Condition:
        path = self._path(raw, raw["attr"], "attr")
        ops = [k for k in raw if k != "attr"]
        if len(ops) != 1:
            raise self.fail(raw, f"'attr' needs exactly one operator of {', '.join(LEAF_OPERATORS)}")
        op = ops[0]
        arg = raw[op]
        parts = split_path(path)
        if op == "exists":
            if not isinstance(arg, bool):
                raise self.fail(raw, "'exists' takes true or false")
            return Exists(parts, path, arg)
        if op == "equals":
            return Compare(parts, path, _equals_test(arg))
        if op == "in":
            if not isinstance(arg, list):
                raise self.fail(raw, "'in' takes a list of values")
            return Compare(parts, path, _in_test(arg))
        if op == "matches":
            try:
                pattern = re.compile(str(arg))
            except re.error as exc:
                raise self.fail(raw, f"'matches' takes a regular expression: {exc}") from None
            return Compare(parts, path, _matches_test(pattern), _known_text_match(pattern))
        if op == "contains":
            return Contains(parts, path, arg)
        if op == "foreign_account":
            if arg is not True:
                raise self.fail(raw, "'foreign_account' takes true")
            return ForeignAccount(parts, path)
        if op in _NUMERIC:
            bound = as_number(arg)
            if bound is None:
                raise self.fail(raw, f"'{op}' takes a number")
            return Compare(parts, path, _numeric_test(_NUMERIC[op], bound))
        raise self.fail(raw, f"unknown operator {op!r} (expected one of {', '.join(LEAF_OPERATORS)})")

    def _related(self, raw: Any) -> Condition:
        spec = raw["related"]
        if (
            not isinstance(spec, dict)
            or set(spec) - {"types", "via", "key"}
            or "types" not in spec
            or "via" not in spec
        ):
            raise self.fail(raw, "'related' takes {types: [...], via: ATTRIBUTE, key: ATTRIBUTE (optional)}")
        types = spec["types"]
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            raise self.fail(raw, "'related.types' takes a list of resource types")
        where = self.compile(raw["where"]) if "where" in raw else None
        return Related(list(types), str(spec["via"]), spec.get("key"), where)
