"""Where Terraform's functions follow Go's and cty's rules rather than Python's: white space, simple case
mapping, ``strings.Title``, ``substr``/``trim`` edge cases, string-to-bool and string-to-number conversion,
``%v`` of numbers, numbers in templates, and Unicode normalization form C. Each case names its reference."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hcl_value import evaluate_file, refused_root, value

from gate.engine.compare import as_bool
from gate.loaders.gotext import is_space, nfc, title, to_lower, to_upper, trim_space
from gate.values import Unknown

CASES: list[tuple[str, Any, str]] = [
    # https://developer.hashicorp.com/terraform/language/functions/upper, lower: Go's simple case mapping
    ('upper("hello")', "HELLO", "functions/upper"),
    ('upper("алло!")', "АЛЛО!", "functions/upper"),
    ('upper("ß")', "ß", "pkg.go.dev/strings#ToUpper"),
    ('lower("HELLO")', "hello", "functions/lower"),
    ('lower("АЛЛО!")', "алло!", "functions/lower"),
    ('lower("İ")', "i", "pkg.go.dev/unicode#ToLower"),
    ('lower("ΑΣ")', "ασ", "pkg.go.dev/strings#ToLower: no final-sigma rule"),
    # https://developer.hashicorp.com/terraform/language/functions/title: Go's strings.Title
    ('title("hello world")', "Hello World", "functions/title"),
    ('title("€a")', "€a", "pkg.go.dev/strings#Title: a symbol is not a separator"),
    ('title("a-b c_d")', "A-B C_d", "pkg.go.dev/strings#Title"),
    ('title("ǆx")', "ǅx", "pkg.go.dev/unicode#ToTitle"),
    ('title("ßa")', "ßa", "pkg.go.dev/unicode#ToTitle: simple mapping"),
    # https://developer.hashicorp.com/terraform/language/functions/trimspace: unicode.IsSpace
    ('trimspace("  hello\\n\\n")', "hello", "functions/trimspace"),
    ('trimspace("\\u001f")', "\x1f", "pkg.go.dev/unicode#IsSpace"),
    ('trimspace("\\u00a0x\\u3000")', "x", "pkg.go.dev/unicode#IsSpace"),
    # https://developer.hashicorp.com/terraform/language/functions/trim
    ('trim("?!hello?!", "!?")', "hello", "functions/trim"),
    ('trim("a", "")', "a", "pkg.go.dev/strings#Trim: an empty cutset trims nothing"),
    # https://developer.hashicorp.com/terraform/language/functions/substr
    ('substr("hello world", 1, 4)', "ello", "functions/substr"),
    ('substr("hello world", -5, -1)', "world", "functions/substr"),
    ('substr("ab", 5, 1)', "", "go-cty SubstrFunc: an offset past the end is empty"),
    ('substr("ab", 2, 1)', "", "go-cty SubstrFunc"),
    # https://developer.hashicorp.com/terraform/language/functions/tobool, tonumber (cty conversion)
    ('tobool("1")', True, "cty/convert/conversion_primitive.go"),
    ('tobool("0")', False, "cty/convert/conversion_primitive.go"),
    ('tonumber("1")', 1, "functions/tonumber"),
    ('tonumber("1.5e3")', 1500, "pkg.go.dev/math/big#Float.Parse"),
    ('tonumber(".5")', 0.5, "pkg.go.dev/math/big#Float.Parse"),
    # https://developer.hashicorp.com/terraform/language/functions/format: %v of a number is Text('g', -1)
    ('format("%v", 1000000)', "1e+06", "go-cty stdlib/format.go"),
    ('format("%v", 123456789012)', "1.23456789012e+11", "go-cty stdlib/format.go"),
    ('format("%v", 100000)', "100000", "go-cty stdlib/format.go"),
    ('format("%v", 1.5)', "1.5", "functions/format"),
    ("tostring(1000000)", "1000000", "functions/tostring"),
    ("jsonencode(0.00000015)", "0.00000015", "functions/jsonencode"),
    # https://developer.hashicorp.com/terraform/language/expressions/strings#interpolation
    ('"v${0.00000015}"', "v0.00000015", "expressions/strings"),
    ('"v${1000000}"', "v1000000", "expressions/strings"),
]


@pytest.mark.parametrize(("expression", "expected", "reference"), CASES)
def test_go_and_cty_rules(expression: str, expected: Any, reference: str) -> None:
    result = value(expression)
    assert result == expected and type(result) is type(expected), reference


@pytest.mark.parametrize("text", ["1_0", " 1", "1 ", "\u0661", "0x10", "1e", "", "+", "nan", "1,0"])
def test_strings_go_does_not_parse_are_not_numbers(text: str) -> None:
    """cty converts a string with big.Float.Parse in base 10: no underscores, spaces, prefixes or non-ASCII
    digits (https://pkg.go.dev/math/big#Float.Parse)."""
    escaped = text.encode("unicode_escape").decode("ascii")
    assert value(f'can(tonumber("{escaped}"))') is False


def test_strings_are_in_normalization_form_c() -> None:
    """cty normalises every string it makes (https://github.com/zclconf/go-cty/blob/main/docs/types.md):
    literals, templates and function results compare equal whatever the code points written."""
    assert value('"e\\u0301" == "\\u00e9"') is True
    assert value('"${"e"}\\u0301" == "\\u00e9"') is True
    assert value('replace("ex", "x", "\\u0301") == "\\u00e9"') is True
    assert value('contains(["\\u00e9"], "e\\u0301")') is True
    assert value('jsondecode("{\\"e\\u0301\\": 1}")') == {"\u00e9": 1}


def test_the_helpers_match_go() -> None:
    assert [ch for ch in "\t\n\v\f\r \x85\xa0\u2028\u3000\x1c\x1f" if is_space(ch)] == list(
        "\t\n\v\f\r \x85\xa0\u2028\u3000"
    )
    assert trim_space("\x1c a \x1c") == "\x1c a \x1c"
    assert to_upper("ᾳ") == "ᾼ" and to_upper("ﬀ") == "ﬀ"
    assert to_lower("ΑΣ") == "ασ"
    assert title("hello wORLD") == "Hello WORLD"
    assert nfc("e\u0301") == "\u00e9"


def test_one_and_zero_are_bools_where_a_bool_is_expected() -> None:
    """A provider's bool attribute converts "1"/"0" like "true"/"false" (conversion of primitive types:
    https://developer.hashicorp.com/terraform/language/expressions/type-constraints)."""
    assert as_bool("1") is True and as_bool("0") is False
    assert as_bool("2") is None and as_bool("yes") is None


def test_a_file_the_gate_does_not_read_is_a_gap(tmp_path: Path) -> None:
    """docs/values.md: file() of a file outside the scan is an evaluation gap, which every stage blocks."""
    (tmp_path / "big.txt").write_text("x" * 2_000_000, encoding="utf-8")
    attributes = evaluate_file(
        tmp_path,
        'resource "terraform_data" "probe" {\n'
        '  outside = file("/etc/hostname")\n'
        '  large   = file("big.txt")\n'
        '  exists  = fileexists("/etc/hostname")\n'
        '  set     = fileset("/etc", "*")\n'
        "}\n",
    )
    for name in ("outside", "large", "exists", "set"):
        assert isinstance(attributes[name], Unknown) and attributes[name].gap, name


DECODERS: list[tuple[str, Any, str]] = [
    # https://developer.hashicorp.com/terraform/language/functions/base64decode: Go's StdEncoding skips \r, \n
    ('base64decode("SGVsbG8gV29ybGQ=")', "Hello World", "functions/base64decode"),
    ('base64decode("SGVs\\nbG8g\\r\\nV29ybGQ=\\n")', "Hello World", "pkg.go.dev/encoding/base64"),
    # https://developer.hashicorp.com/terraform/language/functions/csvdecode: Go's encoding/csv
    (
        'csvdecode("a,b,c\\n1,2,3\\n4,5,6")',
        [{"a": "1", "b": "2", "c": "3"}, {"a": "4", "b": "5", "c": "6"}],
        "functions/csvdecode",
    ),
    ('csvdecode("a\\n\\ntrue")', [{"a": "true"}], "pkg.go.dev/encoding/csv: empty lines are skipped"),
    ('csvdecode("a,b\\r\\n\\"x\\"\\"y\\",\\"1\\n2\\"")', [{"a": 'x"y', "b": "1\n2"}], "pkg.go.dev/encoding/csv"),
    # https://developer.hashicorp.com/terraform/language/functions/setintersection, setsubtract (cty set.go)
    ('setintersection(["a", "b"], ["b", "c"], ["b", "d"])', ["b"], "functions/setintersection"),
    ('setintersection(["1"], [1])', ["1"], "go-cty stdlib/set.go: element types unify first"),
    ('setsubtract(["a", "b", "c"], ["a", "c"])', ["b"], "functions/setsubtract"),
    ('setsubtract(["1"], [1])', [], "go-cty stdlib/set.go"),
    # https://developer.hashicorp.com/terraform/language/functions/cidrhost, cidrsubnets
    ('cidrhost("10.12.112.0/20", 16)', "10.12.112.16", "functions/cidrhost"),
    (
        'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)',
        ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"],
        "functions/cidrsubnets",
    ),
]


@pytest.mark.parametrize(("expression", "expected", "reference"), DECODERS)
def test_decoders_and_sets(expression: str, expected: Any, reference: str) -> None:
    assert value(expression) == expected, reference


@pytest.mark.parametrize(
    "expression",
    [
        'jsondecode("{\\"a\\":1,\\"a\\":2}")',  # cty json.ImpliedType: duplicate "a" property
        'csvdecode("a\\nb\\"c")',  # encoding/csv ErrBareQuote
        'csvdecode("\\"a\\"b")',  # encoding/csv ErrQuote
        'csvdecode("")',  # cty CSVDecodeFunc: missing header line
        'csvdecode("a,a\\n1,2")',  # cty CSVDecodeFunc: duplicate column name
        'cidrhost("10.0.0.0/255.0.0.0", 1)',  # net.ParseCIDR: a prefix length, not a netmask
        'cidrhost("fe80::%eth0/64", 1)',  # net.ParseCIDR: no IPv6 zone
        'cidrsubnets("fd00::/8", 33)',  # Terraform: may not extend prefix by more than 32 bits
        'regex("\\\\C", "a")',  # Go's regexp: RE2 syntax except for \C
        'base64decode("dHJ1ZQ")',  # StdEncoding needs its padding
    ],
)
def test_calls_terraform_rejects(expression: str) -> None:
    assert value(f"can({expression})") is False


def test_a_literal_c_after_an_escaped_backslash_is_a_pattern() -> None:
    assert value('regex("\\\\\\\\C", "x\\\\C")') == "\\C"
    assert value('regex("\\\\Q\\\\C\\\\E", "a\\\\C")') == "\\C"


@pytest.mark.parametrize("text", ["Inf", "-inf", "+Inf", "1e400"])
def test_numbers_terraform_reads_but_the_gate_cannot_hold_fail_closed(text: str) -> None:
    """big.Float.Parse reads "Inf" and numbers past a float's range (https://pkg.go.dev/math/big#Float.Parse):
    ``can`` is true in Terraform, so the gate must not make it false; the root is an error instead."""
    assert refused_root(f'can(tonumber("{text}"))')


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('length("hello")', 5),
        ('length("\\r\\n")', 1),  # UAX #29: CR LF is one cluster
        ('length("\U0001f468\u200d\U0001f469\u200d\U0001f467")', 1),  # an emoji ZWJ sequence
        ('length("\U0001f1fa\U0001f1f8\U0001f1eb\U0001f1f7")', 2),  # two flags
        ('length("\u1100\u1161\u11a8")', 1),  # a Hangul syllable in jamo
        ('strrev("a\\r\\nb")', "b\r\na"),
        ('substr("\U0001f1fa\U0001f1f8ab", 1, 1)', "a"),
    ],
)
def test_strings_are_counted_in_extended_grapheme_clusters(expression: str, expected: Any) -> None:
    """https://developer.hashicorp.com/terraform/language/functions/length: "the number of Unicode characters",
    which Terraform counts as grapheme clusters (go-cty's Strlen: textseg.ScanGraphemeClusters)."""
    assert value(expression) == expected


def test_parseint_past_the_gates_bound_fails_closed() -> None:
    """Terraform parses any number of digits (https://developer.hashicorp.com/terraform/language/functions/parseint):
    past the gate's 10,000, ``can`` must not turn false."""
    assert refused_root('can(parseint(join("", [for i in range(1001) : "1111111111"]), 10))')
    assert value('parseint("\\u212a", 36)') == 20  # NFC makes the Kelvin sign "K", as cty does
