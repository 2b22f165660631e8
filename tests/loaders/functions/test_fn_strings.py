"""String functions and ``format``, against the examples of Terraform's documentation (each case names its page,
under https://developer.hashicorp.com/terraform/language/functions/)."""

from __future__ import annotations

from typing import Any

import pytest
from hcl_value import value

from gate.values import Unknown

CASES: list[tuple[str, Any, str]] = [
    ('chomp("hello\\n")', "hello", "chomp"),
    ('chomp("hello\\r\\n")', "hello", "chomp"),
    ('chomp("hello\\n\\n")', "hello", "chomp"),
    ('endswith("hello world", "world")', True, "endswith"),
    ('endswith("hello world", "hello")', False, "endswith"),
    ('format("Hello, %s!", "Ander")', "Hello, Ander!", "format"),
    ('format("There are %d lights", 4)', "There are 4 lights", "format"),
    ('format("%-5s|", "ab")', "ab   |", "format"),
    ('format("%5.2f", 3.14159)', " 3.14", "format"),
    ('format("%t %v %#v", true, 1.5, "x")', 'true 1.5 "x"', "format"),
    ('format("%[2]s-%[1]s", "a", "b")', "b-a", "format"),
    ('format("%x %X %o %b", 255, 255, 8, 5)', "ff FF 10 101", "format"),
    ('format("%q", "a\\"b")', '"a\\"b"', "format"),
    ('format("%v", [1, "a"])', '[1,"a"]', "format"),
    ('format("%g", 1234567.0)', "1.234567e+06", "format"),
    ('format("%%")', "%", "format"),
    (
        'formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"])',
        ["Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"],
        "formatlist",
    ),
    (
        'formatlist("%s, %s!", "Salutations", ["Valentina", "Ander"])',
        ["Salutations, Valentina!", "Salutations, Ander!"],
        "formatlist",
    ),
    ('indent(2, "[\\n  foo,\\n  bar,\\n]\\n")', "[\n    foo,\n    bar,\n  ]\n  ", "indent"),
    ('join(", ", ["foo", "bar", "baz"])', "foo, bar, baz", "join"),
    ('join(", ", ["foo"])', "foo", "join"),
    ('join("", ["a"], ["b", 1])', "ab1", "join"),
    ('lower("HELLO")', "hello", "lower"),
    ('upper("hello")', "HELLO", "upper"),
    ('split(",", "foo,bar,baz")', ["foo", "bar", "baz"], "split"),
    ('split(",", "foo")', ["foo"], "split"),
    ('split(",", "")', [""], "split"),
    ('startswith("hello world", "hello")', True, "startswith"),
    ('strcontains("hello world", "wor")', True, "strcontains"),
    ('strcontains("hello world", "wod")', False, "strcontains"),
    ('strrev("hello")', "olleh", "strrev"),
    ('strrev("a☃")', "☃a", "strrev"),
    ('substr("hello world", 1, 4)', "ello", "substr"),
    ('substr("🤔🤷", 0, 1)', "🤔", "substr"),
    ('substr("hello world", -5, -1)', "world", "substr"),
    ('substr("hello world", 6, 10)', "world", "substr"),
    ('title("hello world")', "Hello World", "title"),
    ('title("hELLO wORLD")', "HELLO WORLD", "title"),
    ('trim("?!hello?!", "!?")', "hello", "trim"),
    ('trim("foobar", "far")', "oob", "trim"),
    ('trimprefix("helloworld", "hello")', "world", "trimprefix"),
    ('trimprefix("helloworld", "cat")', "helloworld", "trimprefix"),
    ('trimsuffix("helloworld", "world")', "hello", "trimsuffix"),
    ('trimspace("  hello\\n\\n")', "hello", "trimspace"),
]


@pytest.mark.parametrize(("expression", "expected", "page"), CASES, ids=[c[0] for c in CASES])
def test_documented_examples(expression: str, expected: Any, page: str) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize(
    "expression",
    [
        'format("%d", "x")',  # not a number
        'format("%s %s", "a")',  # too few arguments
        'format("%s", "a", "b")',  # too many: Terraform rejects unused arguments
        'format("%d", 1.5)',  # not a whole number
        'join(",", ["a", null])',
        'formatlist("%s %s", ["a"], ["b", "c"])',  # lists of different lengths
    ],
)
def test_calls_terraform_rejects_are_errors_not_values(expression: str) -> None:
    assert value(f"can({expression})") is False


def test_an_unknown_anywhere_in_the_arguments_makes_the_result_unknown() -> None:
    """Terraform computes a string function only from known text: one unknown element is enough."""
    assert isinstance(value('join(",", ["a", aws_vpc.main.id])'), Unknown)
    assert isinstance(value("strrev(var.unset)"), Unknown)


def test_can_of_a_call_on_unknowns_is_unknown_not_false() -> None:
    assert isinstance(value('can(join(",", [aws_vpc.main.id]))'), Unknown)


def test_a_list_where_a_string_is_required_is_an_error_even_with_unknown_elements() -> None:
    """Terraform checks types before values: terraform-aws-modules/s3-bucket writes
    ``try(jsondecode(var.grant), var.grant)`` with a list of grants whose ids are known only after apply."""
    assert value('try(jsondecode([{ id = aws_vpc.main.id }]), "list")') == "list"
    assert value("can(lower([aws_vpc.main.id]))") is False
    assert value('can(file(["a"]))') is False
