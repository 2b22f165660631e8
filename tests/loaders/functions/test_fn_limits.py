"""Bounded work: results larger than the gate computes raise LimitExceeded, which ``can`` and ``try`` never
swallow (a ``try`` over a too-large value would otherwise take the fallback the pull request wrote)."""

from __future__ import annotations

from typing import Any

import pytest
from hcl_value import root_errors

from gate.loaders.functions.base import MAX_PATTERN, MAX_STRING
from gate.loaders.hcl_functions import FUNCTIONS, FunctionError, LimitExceeded

BIG_JOIN = 'join("", [for i in range(1000) : format("%2000s", "x")])'  # two million characters


def test_limit_exceeded_is_a_function_error() -> None:
    assert issubclass(LimitExceeded, FunctionError)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("join", ("", ["x" * 1000] * (MAX_STRING // 1000 + 1))),
        ("format", ("%s%s", "x" * MAX_STRING, "y")),
        ("strrev", ("x" * (MAX_STRING + 1),)),
        ("replace", ("x" * 1000, "x", "y" * 2000)),
        ("indent", (MAX_STRING, "a\nb")),
        ("regex", ("a" * (MAX_PATTERN + 1), "a")),
        ("regex", ("\\pL{1000}" * 5, "a")),  # past RE2's memory budget
        ("setproduct", (list(range(1000)), list(range(1000)))),
        ("pow", (10.0, 400.0)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_functions_stop_at_their_limits(name: str, args: tuple[Any, ...]) -> None:
    with pytest.raises(LimitExceeded):
        result = FUNCTIONS[name](*args)
        if name == "strrev":  # reversing does not grow a string; its input is what is too long
            FUNCTIONS["join"]("", [result, "x"])


def passed_a_bound(expression: str) -> bool:
    """A bound passed is an error of the whole root (fail closed), never a value, nor an unknown."""
    errors = root_errors(expression)
    return len(errors) == 1 and "this root is not evaluated (fail closed)" in errors[0]


def test_a_limit_is_not_an_error_that_try_or_can_hide() -> None:
    assert passed_a_bound(BIG_JOIN)
    assert passed_a_bound(f'try({BIG_JOIN}, "0.0.0.0/0")')
    assert passed_a_bound(f"can({BIG_JOIN})")


def test_string_templates_and_directives_are_bounded() -> None:
    nested = '"%{for a in range(100)}%{for b in range(100)}%{for c in range(100)}%{endfor}%{endfor}%{endfor}"'
    assert passed_a_bound(nested)
    doubled = '"%{for a in range(1000)}${format("%2000s", "x")}%{endfor}"'
    assert passed_a_bound(doubled)
