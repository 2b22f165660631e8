"""Encoding, hash, numeric, IP-network and date functions against Terraform's documented examples (each case
names its page, under https://developer.hashicorp.com/terraform/language/functions/)."""

from __future__ import annotations

from typing import Any

import pytest
from hcl_value import root_errors, value

from gate.values import Unknown

CASES: list[tuple[str, Any, str]] = [
    ('base64encode("Hello World")', "SGVsbG8gV29ybGQ=", "base64encode"),
    ('base64decode("SGVsbG8gV29ybGQ=")', "Hello World", "base64decode"),
    (
        'csvdecode("a,b,c\\n1,2,3\\n4,5,6")',
        [{"a": "1", "b": "2", "c": "3"}, {"a": "4", "b": "5", "c": "6"}],
        "csvdecode",
    ),
    ('jsondecode("{\\"hello\\": \\"world\\"}")', {"hello": "world"}, "jsondecode"),
    ('jsondecode("true")', True, "jsondecode"),
    ('jsonencode({"hello"="world"})', '{"hello":"world"}', "jsonencode"),
    ("jsonencode({b = 1, a = [true, null]})", '{"a":[true,null],"b":1}', "jsonencode"),
    ('jsonencode("<a&b>")', '"\\u003ca\\u0026b\\u003e"', "jsonencode"),
    ("jsonencode(123456789012)", "123456789012", "jsonencode"),
    ("jsonencode(1e20)", "100000000000000000000", "jsonencode"),
    ('textencodebase64("Hello World", "UTF-16LE")', "SABlAGwAbABvACAAVwBvAHIAbABkAA==", "textencodebase64"),
    ('textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', "Hello World", "textdecodebase64"),
    ('urlencode("Hello World!")', "Hello+World%21", "urlencode"),
    ('urlencode("☃")', "%E2%98%83", "urlencode"),
    ('urlencode("foo=bar&baz=qux")', "foo%3Dbar%26baz%3Dqux", "urlencode"),
    # Hash and crypto
    ('md5("hello world")', "5eb63bbbe01eeed093cb22bb8f5acdc3", "md5"),
    ('sha1("hello world")', "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed", "sha1"),
    ('sha256("hello world")', "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", "sha256"),
    (
        'sha512("hello world")',
        "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f",
        "sha512",
    ),
    ('base64sha256("hello world")', "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=", "base64sha256"),
    (
        'base64sha512("hello world")',
        "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==",
        "base64sha512",
    ),
    ('uuidv5("dns", "www.terraform.io")', "a5008fae-b28c-5ba5-96cd-82b4c53552d6", "uuidv5"),
    ('uuidv5("url", "https://www.terraform.io/")', "9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5", "uuidv5"),
    # Numeric
    ("abs(-12.4)", 12.4, "abs"),
    ("ceil(5.1)", 6, "ceil"),
    ("floor(4.9)", 4, "floor"),
    ("log(16, 2)", 4, "log"),
    ("max(12, 54, 3)", 54, "max"),
    ("min(12, 54, 3)", 3, "min"),
    ('parseint("100", 10)', 100, "parseint"),
    ('parseint("FF", 16)', 255, "parseint"),
    ('parseint("-10", 16)', -16, "parseint"),
    ('parseint("11111111", 2)', 255, "parseint"),
    ('parseint("aA", 62)', 656, "parseint"),
    ("pow(3, 2)", 9, "pow"),
    ("pow(4, 0)", 1, "pow"),
    ("signum(-13)", -1, "signum"),
    ("signum(0)", 0, "signum"),
    # IP network
    ('cidrhost("10.12.112.0/20", 16)', "10.12.112.16", "cidrhost"),
    ('cidrhost("10.12.112.0/20", 268)', "10.12.113.12", "cidrhost"),
    ('cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)', "fd00:fd12:3456:7890::22", "cidrhost"),
    ('cidrhost("10.0.0.0/8", -1)', "10.255.255.255", "cidrhost"),
    ('cidrnetmask("172.16.0.0/12")', "255.240.0.0", "cidrnetmask"),
    ('cidrsubnet("172.16.0.0/12", 4, 2)', "172.18.0.0/16", "cidrsubnet"),
    ('cidrsubnet("10.1.2.0/24", 4, 15)', "10.1.2.240/28", "cidrsubnet"),
    ('cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', "fd00:fd12:3456:7800:a200::/72", "cidrsubnet"),
    ('cidrsubnet("::/0", 64, 1)', "0:0:0:1::/64", "cidrsubnet"),
    (
        'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)',
        ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"],
        "cidrsubnets",
    ),
    (
        'cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)',
        [
            "fd00:fd12:3456:7800::/72",
            "fd00:fd12:3456:7800:100::/72",
            "fd00:fd12:3456:7800:200::/72",
            "fd00:fd12:3456:7800:300::/88",
        ],
        "cidrsubnets",
    ),
    # Date and time
    ('formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")', "02 Jan 2018 23:12 UTC", "formatdate"),
    (
        'formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")',
        "Tuesday, 02-Jan-18 23:12:01 UTC",
        "formatdate",
    ),
    (
        'formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")',
        "Tue, 02 Jan 2018 23:12:01 -0800",
        "formatdate",
    ),
    ('formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")', "Jan 02, 2018", "formatdate"),
    ('formatdate("HH:mmaa", "2018-01-02T23:12:01Z")', "11:12pm", "formatdate"),
    ("formatdate(\"h 'h''s' mm\", \"2018-01-02T03:04:05Z\")", "3 h's 04", "formatdate"),
    ('timeadd("2017-11-22T00:00:00Z", "10m")', "2017-11-22T00:10:00Z", "timeadd"),
    ('timeadd("2017-11-22T00:00:00+02:00", "-1h30m")', "2017-11-21T22:30:00+02:00", "timeadd"),
    ('timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z")', 0, "timecmp"),
    ('timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")', -1, "timecmp"),
    ('timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00Z")', 1, "timecmp"),
    ('timecmp("2017-11-22T01:00:00+01:00", "2017-11-22T00:00:00Z")', 0, "timecmp"),
    # Filesystem paths
    ('dirname("foo/bar/baz.txt")', "foo/bar", "dirname"),
    ('dirname("foo")', ".", "dirname"),
    ('basename("foo/bar/baz.txt")', "baz.txt", "basename"),
]


@pytest.mark.parametrize(("expression", "expected", "page"), CASES, ids=[c[0] for c in CASES])
def test_documented_examples(expression: str, expected: Any, page: str) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize(
    "expression",
    [
        'base64decode("not base64!")',
        'base64decode("/w==")',  # not UTF-8
        'jsondecode("{")',
        'jsondecode("NaN")',
        'csvdecode("a,b\\n1")',  # a record with too few fields
        'cidrsubnet("10.0.0.0/24", 9, 0)',  # past /32
        'cidrsubnet("10.0.0.0/24", 2, 4)',  # no subnet numbered 4 among 4
        'cidrhost("10.0.0.0/30", 4)',
        'cidrnetmask("::/0")',
        'cidrsubnet("not-a-cidr", 1, 0)',
        'parseint("12", 63)',
        'parseint("0x10", 16)',  # no prefixes
        'timeadd("2017-11-22", "1h")',  # not RFC 3339
        'timeadd("2017-11-22T00:00:00Z", "1d")',  # no such unit
        'formatdate("YYYY-MM-DD\'", "2017-11-22T00:00:00Z")',  # an unterminated literal
        'uuidv5("nope", "x")',
    ],
)
def test_calls_terraform_rejects_are_errors(expression: str) -> None:
    assert value(f"can({expression})") is False


def test_ipv4_octets_with_leading_zeros_are_decimal_as_in_terraform() -> None:
    """Terraform keeps Go's pre-1.17 parser, which reads ``010`` as ten: a CIDR written so is still parsed."""
    assert value('cidrsubnet("000.000.000.000/0", 0, 0)') == "0.0.0.0/0"
    assert value('cidrhost("010.0.0.0/8", 1)') == "10.0.0.1"


@pytest.mark.parametrize("name", ["uuid()", "timestamp()", "plantimestamp()", 'bcrypt("x")', 'abspath("x")'])
def test_values_that_change_at_every_run_are_unknown(name: str) -> None:
    assert isinstance(value(name), Unknown)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello: world", {"hello": "world"}),
        ("true", True),
        ("{a: &a [b, *a]}", None),  # a recursive alias: an error
        # go-cty-yaml's resolver (https://github.com/zclconf/go-cty-yaml/blob/master/resolve.go): YAML 1.1 bools,
        # numbers as cty parses them (0o10 and 0x10 stay strings unless tagged), timestamps in RFC 3339
        ("a: yes\nb: on\nc: N\nd: Off", {"a": True, "b": True, "c": False, "d": False}),
        ('a: "yes"\nb: !!str on', {"a": "yes", "b": "on"}),
        ("a: 010\nb: 0o10\nc: 0x10\nd: !!int 0x10\ne: 1_000", {"a": 10, "b": "0o10", "c": "0x10", "d": 16, "e": 1000}),
        ("a: ~\nb: null\nc: 1.5\nd: 2001-12-14", {"a": None, "b": None, "c": 1.5, "d": "2001-12-14T00:00:00Z"}),
        ("a: 2001-12-14t21:59:43.10+05:00", {"a": "2001-12-14T21:59:43+05:00"}),
        ("a: .nan", None),
        ('a: "true"', {"a": "true"}),
        ("cidrs:\n  - 0.0.0.0/0\n", {"cidrs": ["0.0.0.0/0"]}),
    ],
)
def test_yamldecode_resolves_scalars_as_go_cty_yaml(text: str, expected: Any) -> None:
    """https://developer.hashicorp.com/terraform/language/functions/yamldecode"""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if expected is None:
        assert value(f'can(yamldecode("{escaped}"))') is False
    else:
        assert value(f'yamldecode("{escaped}")') == expected


def test_yamldecode_bounds_alias_expansion() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcde", "bcdef", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    escaped = "\\n".join(lines)
    [error] = root_errors(f'yamldecode("{escaped}")')  # a million values: past the limit, the root is an error
    assert "this root is not evaluated (fail closed)" in error
