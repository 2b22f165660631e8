"""Collection and type-conversion functions against Terraform's documented examples (each case names its page,
under https://developer.hashicorp.com/terraform/language/functions/), with sets ordered as Terraform orders them."""

from __future__ import annotations

from typing import Any

import pytest
from hcl_value import value

from gate.values import Unknown

CASES: list[tuple[str, Any, str]] = [
    ('alltrue(["true", true])', True, "alltrue"),
    ("alltrue([true, false])", False, "alltrue"),
    ("alltrue([])", True, "alltrue"),
    ("anytrue([true, false])", True, "anytrue"),
    ("anytrue([])", False, "anytrue"),
    ('chunklist(["a", "b", "c", "d", "e"], 2)', [["a", "b"], ["c", "d"], ["e"]], "chunklist"),
    ('chunklist(["a", "b", "c", "d", "e"], 1)', [["a"], ["b"], ["c"], ["d"], ["e"]], "chunklist"),
    ('coalesce("a", "b")', "a", "coalesce"),
    ('coalesce("", "b")', "b", "coalesce"),
    ("coalesce(1, 2)", 1, "coalesce"),
    ('coalesce(["", "b"]...)', "b", "coalesce"),
    ('coalescelist(["a", "b"], ["c", "d"])', ["a", "b"], "coalescelist"),
    ('coalescelist([], ["c", "d"])', ["c", "d"], "coalescelist"),
    ('compact(["a", "", "b", null, "c"])', ["a", "b", "c"], "compact"),
    ('concat(["a", ""], ["b", "c"])', ["a", "", "b", "c"], "concat"),
    ('contains(["a", "b", "c"], "a")', True, "contains"),
    ('contains(["a", "b", "c"], "d")', False, "contains"),
    ('distinct(["a", "b", "a", "c", "d", "b"])', ["a", "b", "c", "d"], "distinct"),
    ('element(["a", "b", "c"], 1)', "b", "element"),
    ('element(["a", "b", "c"], 3)', "a", "element"),
    ('element(["a", "b", "c"], -1)', "c", "element"),
    ('flatten([["a", "b"], [], ["c"]])', ["a", "b", "c"], "flatten"),
    ('flatten([[["a", "b"], []], ["c"]])', ["a", "b", "c"], "flatten"),
    ('index(["a", "b", "c"], "b")', 1, "index"),
    ("keys({a=1, c=2, d=3})", ["a", "c", "d"], "keys"),
    ("length([])", 0, "length"),
    ('length(["a", "b"])', 2, "length"),
    ('length({"a" = "b"})', 1, "length"),
    ('length("hello")', 5, "length"),
    ('length("👾🕹️")', 2, "length"),
    ('lookup({a="ay", b="bee"}, "a", "what?")', "ay", "lookup"),
    ('lookup({a="ay", b="bee"}, "c", "what?")', "what?", "lookup"),
    (
        'matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])',
        ["i-abc", "i-def"],
        "matchkeys",
    ),
    ('merge({a="b", c="d"}, {e="f", c="z"})', {"a": "b", "c": "z", "e": "f"}, "merge"),
    ('one(["hello"])', "hello", "one"),
    ("one([])", None, "one"),
    ("range(3)", [0, 1, 2], "range"),
    ("range(1, 4)", [1, 2, 3], "range"),
    ("range(1, 8, 2)", [1, 3, 5, 7], "range"),
    ("range(1, 4, 0.5)", [1, 1.5, 2, 2.5, 3, 3.5], "range"),
    ("range(4, 1)", [4, 3, 2], "range"),
    ("range(10, 5, -2)", [10, 8, 6], "range"),
    ("reverse([1, 2, 3])", [3, 2, 1], "reverse"),
    ('setintersection(["a", "b"], ["b", "c"], ["b", "d"])', ["b"], "setintersection"),
    (
        'setproduct(["development", "staging"], ["app1", "app2"])',
        [["development", "app1"], ["development", "app2"], ["staging", "app1"], ["staging", "app2"]],
        "setproduct",
    ),
    ('setsubtract(["a", "b", "c"], ["a", "c"])', ["b"], "setsubtract"),
    ('setunion(["a", "b"], ["b", "c"], ["d"])', ["a", "b", "c", "d"], "setunion"),
    ('slice(["a", "b", "c", "d"], 1, 3)', ["b", "c"], "slice"),
    ('sort(["e", "d", "a", "x"])', ["a", "d", "e", "x"], "sort"),
    ("sum([10, 13, 6, 4.5])", 33.5, "sum"),
    ('transpose({"a" = ["1", "2"], "b" = ["2", "3"]})', {"1": ["a"], "2": ["a", "b"], "3": ["b"]}, "transpose"),
    ("values({a=3, c=2, d=1})", [3, 2, 1], "values"),
    ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}, "zipmap"),
    # Type conversion: https://developer.hashicorp.com/terraform/language/functions/toset and siblings
    ('toset(["a", "b", "c"])', ["a", "b", "c"], "toset"),
    ('toset(["a", "b", 3])', ["3", "a", "b"], "toset"),
    ('toset(["c", "b", "b"])', ["b", "c"], "toset"),
    ('tolist(toset(["c", "b", "b"]))', ["b", "c"], "toset"),
    ("tolist(toset([10, 9, 100]))", [9, 10, 100], "toset"),
    ('tolist(["a", "b", 3])', ["a", "b", "3"], "tolist"),
    ('tomap({"a" = 1, "b" = 2})', {"a": 1, "b": 2}, "tomap"),
    ('tomap({"a" = "foo", "b" = true})', {"a": "foo", "b": "true"}, "tomap"),
    ('tobool("true")', True, "tobool"),
    ('tobool("false")', False, "tobool"),
    ("tobool(null)", None, "tobool"),
    ('tonumber("1")', 1, "tonumber"),
    ("tonumber(null)", None, "tonumber"),
    ('tostring("hello")', "hello", "tostring"),
    ("tostring(1)", "1", "tostring"),
    ("tostring(true)", "true", "tostring"),
    ("tostring(123456789012)", "123456789012", "tostring"),
    ("tostring(null)", None, "tostring"),
    ('sensitive("x")', "x", "sensitive"),
]


@pytest.mark.parametrize(("expression", "expected", "page"), CASES, ids=[c[0] for c in CASES])
def test_documented_examples(expression: str, expected: Any, page: str) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize(
    "expression",
    [
        'tobool("no")',  # https://developer.hashicorp.com/terraform/language/functions/tobool
        'tonumber("no")',  # https://developer.hashicorp.com/terraform/language/functions/tonumber
        "tostring([])",  # https://developer.hashicorp.com/terraform/language/functions/tostring
        'one(["a", "b"])',
        'index(["a"], "z")',
        'lookup({a = 1}, "b")',
        "element([], 0)",
        "range(0, 2000)",  # Terraform's own limit of 1024 elements
        "range(1, 5, 0)",
        "sum([])",
        'slice(["a"], 0, 2)',
        'zipmap(["a"], [1, 2])',
    ],
)
def test_calls_terraform_rejects_are_errors(expression: str) -> None:
    assert value(f"can({expression})") is False


def test_negative_and_fractional_indexes_are_errors() -> None:
    """``list[-1]`` is an error in Terraform, never the last element:
    https://developer.hashicorp.com/terraform/language/expressions/types#indices-and-attributes"""
    assert value('can(["a", "b"][-1])') is False
    assert value('can(["a", "b"][0.5])') is False
    assert value('["a", "b"][1]') == "b"
    assert value('["a", "b"]["1"]') == "b"


def test_expansion_passes_a_list_as_arguments() -> None:
    """``f(list...)``: https://developer.hashicorp.com/terraform/language/expressions/function-calls#expanding-function-arguments"""
    assert value("min([55, 2453, 2]...)") == 2
    assert value('format("%s-%s", ["a", "b"]...)') == "a-b"


def test_for_expressions_iterate_a_map_in_key_order() -> None:
    assert value('[for k, v in {b = 1, a = 2} : "${k}=${v}"]') == ["a=2", "b=1"]


def test_structural_functions_keep_unknown_elements_in_place() -> None:
    assert value("length([aws_vpc.main.id, 1])") == 2
    assert value('lookup({a = aws_vpc.main.id, b = "x"}, "b")') == "x"
    assert value('element(concat(["0.0.0.0/0"], [aws_vpc.main.id]), 0)') == "0.0.0.0/0"
    assert isinstance(value('flatten([["a"], aws_vpc.main.cidrs])'), Unknown)
    # a set keeps its known elements; one known only after apply may equal another, so its size is unknown
    known, unknown = value('toset(["a", aws_vpc.main.id])')
    assert known == "a" and isinstance(unknown, Unknown)
    assert isinstance(value('length(toset(["a", aws_vpc.main.id]))'), Unknown)
