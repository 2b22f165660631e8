"""``regex``, ``regexall`` and ``replace`` with RE2's syntax and semantics, as Terraform (Go's regexp) has them:
https://developer.hashicorp.com/terraform/language/functions/regex,
https://developer.hashicorp.com/terraform/language/functions/regexall,
https://developer.hashicorp.com/terraform/language/functions/replace"""

from __future__ import annotations

from typing import Any

import pytest
from hcl_value import value

CASES: list[tuple[str, Any]] = [
    ('regex("[a-z]+", "53453453.345345aaabbbccc23454")', "aaabbbccc"),
    ('regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")', ["2019", "02", "01"]),
    (
        'regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")',
        {"scheme": "https", "authority": "terraform.io"},
    ),
    ('regex("a(x)?b", "ab")', [""]),  # a group that took no part is an empty string, as in Go
    ('regexall("[a-z]+", "1234abcd5678efgh9")', ["abcd", "efgh"]),
    ('length(regexall("[a-z]+", "1234abcd5678efgh9"))', 2),
    ('length(regexall("[a-z]+", "123456789")) > 0', False),
    ('regexall("x*", "axb")', ["", "x", ""]),  # Go skips an empty match right after a match
    ('replace("1 + 2 + 3", "+", "-")', "1 - 2 - 3"),
    ('replace("hello world", "/w.*d/", "everybody")', "hello everybody"),
    ('replace("abc", "/(b)/", "[$1]")', "a[b]c"),
    ('replace("abc", "/(?P<x>b)/", "[$${x}]")', "a[b]c"),  # $${ is a literal ${ in HCL
    ('replace("abc", "/(b)/", "$1x")', "ac"),  # Go reads $1x as the group named "1x": empty
    ('replace("abc", "/b/", "$$")', "a$c"),
    ('replace("abc", "", "-")', "-a-b-c-"),
    ('replace("10.0.0.1/32", "/\\\\d+\\\\.\\\\d+\\\\.\\\\d+\\\\.\\\\d+/", "0.0.0.0")', "0.0.0.0/32"),
]


@pytest.mark.parametrize(("expression", "expected"), CASES, ids=[c[0] for c in CASES])
def test_documented_examples(expression: str, expected: Any) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize(
    "expression",
    [
        'regex("[a-z]+", "53453453.34534523454")',  # no match
        'regex("(a)\\\\1", "aa")',  # backreferences are not RE2
        'regex("a(?=b)", "ab")',  # nor lookahead
        'regex("(?P<x>a)(b)", "ab")',  # named and unnamed groups mixed
        'regex("(", "x")',
    ],
)
def test_patterns_re2_rejects_are_errors(expression: str) -> None:
    assert value(f"can({expression})") is False


def test_a_pattern_that_backtracks_exponentially_elsewhere_runs_in_linear_time() -> None:
    assert value(f'can(regex("^(a+)+$", "{"a" * 5000}!"))') is False
